package org.melep.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.melep.model.Tensor;

/**
 * Builds an ONNX model (a {@code ModelProto}, IR version 8, default-domain opset {@link #OPSET})
 * node by node and serialises it with protobuf-java: inputs and outputs are float tensors whose
 * first dimension may be symbolic ({@code "N"}), weights are float initializers stored as raw
 * little-endian bytes.
 *
 * <p>Usage: {@code g.input("x", -1, 12, 1000); g.initializer("w", t); g.node("Conv", in, out,
 * attrs); g.output("y", -1, 9); byte[] model = g.toModelBytes();} where a dimension of {@code -1}
 * is the symbolic batch size.
 */
public final class OnnxGraph {
  /** ONNX default-domain operator set the graphs use (ORT 1.28 supports it). */
  public static final int OPSET = 17;

  private static final int IR_VERSION = 8;
  private static final int FLOAT = 1;
  private static final int ATTR_FLOAT = 1;
  private static final int ATTR_INT = 2;
  private static final int ATTR_STRING = 3;
  private static final int ATTR_INTS = 7;

  private final String name;
  private final List<ProtoMessage> nodes = new ArrayList<>();
  private final List<ProtoMessage> initializers = new ArrayList<>();
  private final List<ProtoMessage> inputs = new ArrayList<>();
  private final List<ProtoMessage> outputs = new ArrayList<>();
  private final List<String[]> metadata = new ArrayList<>();
  private int counter;

  public OnnxGraph(String name) {
    this.name = name;
  }

  /** An attribute of a node: build with {@link #ints}, {@link #i}, {@link #f}, {@link #s}. */
  public record Attr(String name, int type, long i, float f, String s, long[] ints) {}

  public static Attr i(String name, long value) {
    return new Attr(name, ATTR_INT, value, 0, null, null);
  }

  public static Attr f(String name, float value) {
    return new Attr(name, ATTR_FLOAT, 0, value, null, null);
  }

  public static Attr s(String name, String value) {
    return new Attr(name, ATTR_STRING, 0, 0, value, null);
  }

  public static Attr ints(String name, long... values) {
    return new Attr(name, ATTR_INTS, 0, 0, null, values.clone());
  }

  /** A fresh tensor name with the given prefix. */
  public String fresh(String prefix) {
    return prefix + "_" + (counter++);
  }

  public OnnxGraph input(String tensor, long... dims) {
    inputs.add(valueInfo(tensor, dims));
    return this;
  }

  public OnnxGraph output(String tensor, long... dims) {
    outputs.add(valueInfo(tensor, dims));
    return this;
  }

  public OnnxGraph metadata(String key, String value) {
    metadata.add(new String[] {key, value});
    return this;
  }

  /** Adds a float initializer (a constant weight) and returns its name. */
  public String initializer(String tensor, Tensor value) {
    ProtoMessage t = new ProtoMessage();
    for (long d : value.shape()) {
      t.int64(1, d); // dims
    }
    t.int32(2, FLOAT); // data_type
    t.string(8, tensor); // name
    ByteBuffer raw = ByteBuffer.allocate(value.size() * 4).order(ByteOrder.LITTLE_ENDIAN);
    raw.asFloatBuffer().put(value.data());
    t.bytes(9, raw.array()); // raw_data
    initializers.add(t);
    return tensor;
  }

  /** Adds a node; empty strings in {@code in} are omitted optional inputs. */
  public OnnxGraph node(String opType, List<String> in, List<String> out, Attr... attrs) {
    ProtoMessage n = new ProtoMessage();
    for (String s : in) {
      n.string(1, s);
    }
    for (String s : out) {
      n.string(2, s);
    }
    n.string(3, fresh(opType.toLowerCase()));
    n.string(4, opType);
    for (Attr a : attrs) {
      n.message(5, attribute(a));
    }
    nodes.add(n);
    return this;
  }

  /** A one-output node whose output gets a fresh name, returned. */
  public String apply(String opType, List<String> in, Attr... attrs) {
    String out = fresh(opType.toLowerCase());
    node(opType, in, List.of(out), attrs);
    return out;
  }

  public byte[] toModelBytes() {
    ProtoMessage graph = new ProtoMessage();
    for (ProtoMessage n : nodes) {
      graph.message(1, n);
    }
    graph.string(2, name);
    for (ProtoMessage t : initializers) {
      graph.message(5, t);
    }
    for (ProtoMessage v : inputs) {
      graph.message(11, v);
    }
    for (ProtoMessage v : outputs) {
      graph.message(12, v);
    }
    ProtoMessage model = new ProtoMessage();
    model.int64(1, IR_VERSION);
    model.string(2, "melep");
    model.string(3, "1");
    model.message(7, graph);
    model.message(8, new ProtoMessage().string(1, "").int64(2, OPSET));
    for (String[] kv : metadata) {
      model.message(14, new ProtoMessage().string(1, kv[0]).string(2, kv[1]));
    }
    return model.toByteArray();
  }

  private static ProtoMessage attribute(Attr a) {
    ProtoMessage m = new ProtoMessage().string(1, a.name());
    switch (a.type()) {
      case ATTR_FLOAT -> m.float32(2, a.f());
      case ATTR_INT -> m.int64(3, a.i());
      case ATTR_STRING -> m.string(4, a.s());
      case ATTR_INTS -> {
        for (long v : a.ints()) {
          m.int64(8, v);
        }
      }
      default -> throw new IllegalStateException("Cannot encode attribute type: " + a.type());
    }
    return m.int32(20, a.type());
  }

  private static ProtoMessage valueInfo(String tensor, long[] dims) {
    ProtoMessage shape = new ProtoMessage();
    for (long d : dims) {
      ProtoMessage dim = new ProtoMessage();
      if (d < 0) {
        dim.string(2, "N"); // dim_param
      } else {
        dim.int64(1, d); // dim_value
      }
      shape.message(1, dim);
    }
    ProtoMessage tensorType = new ProtoMessage().int32(1, FLOAT).message(2, shape);
    ProtoMessage type = new ProtoMessage().message(1, tensorType);
    return new ProtoMessage().string(1, tensor).message(2, type);
  }
}
