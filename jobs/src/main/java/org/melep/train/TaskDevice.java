package org.melep.train;

import ai.djl.Device;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import scala.collection.JavaConverters;

/** The device a training task runs on: the GPU Spark assigned the task, else the CPU. */
public final class TaskDevice {
  private TaskDevice() {}

  public static Device current() {
    TaskContext tc = TaskContext.get();
    if (tc != null) {
      Map<String, ResourceInformation> resources =
          JavaConverters.mapAsJavaMapConverter(tc.resources()).asJava();
      ResourceInformation gpu = resources.get("gpu");
      if (gpu != null && gpu.addresses().length > 0) {
        return Device.gpu(Integer.parseInt(gpu.addresses()[0].trim()));
      }
    }
    return Device.cpu();
  }

  /** {@code GPU 0 (Spark resource gpu)} or {@code CPU (no GPU assigned)}. */
  public static String describe(Device d) {
    return d.isGpu() ? "GPU " + d.getDeviceId() + " (Spark resource gpu)" : "CPU (no GPU assigned)";
  }
}
