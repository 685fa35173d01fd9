package org.melep.corpus.mat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.melep.corpus.RecordParseException;

/**
 * Reads MATLAB version 4 {@code .mat} files as the PhysioNet/CinC challenges ship them: a matrix
 * named {@code val} of little-endian int16 (type code 30), 12 rows x samples, stored column-major.
 *
 * <p>A v4 file is a sequence of matrices, each a 20-byte header (type {@code MOPT}, rows, columns,
 * imaginary flag, name length, as int32), the name with its NUL, then the real part column-major.
 * Only full little-endian real int16 matrices are supported; anything else is a {@link
 * RecordParseException} naming the file and the problem.
 */
public final class MatV4Reader {
  /** Type code {@code MOPT} = 0 little-endian, 0, 3 int16, 0 full matrix. */
  public static final int TYPE_INT16_LE = 30;

  private static final int HEADER_BYTES = 20;
  private static final int MAX_NAME = 4096;

  /** More rows than any signal matrix has: a guard against garbage allocating memory. */
  public static final int MAX_ROWS = 4096;

  private MatV4Reader() {}

  /** The matrix named {@code name} in the file. */
  public static MatV4Matrix read(String source, byte[] bytes, String name) {
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int index = 0;
    while (true) {
      if (buf.remaining() == 0) {
        throw new RecordParseException(
            source, index == 0 ? "empty file" : "no matrix named '" + name + "'");
      }
      if (buf.remaining() < HEADER_BYTES) {
        throw new RecordParseException(
            source,
            "truncated MAT v4 header of matrix "
                + index
                + ": "
                + buf.remaining()
                + " bytes, need "
                + HEADER_BYTES);
      }
      int type = buf.getInt();
      int rows = buf.getInt();
      int cols = buf.getInt();
      int imag = buf.getInt();
      int nameLen = buf.getInt();
      if (type < 0 || type > 4052 || type / 1000 > 1 || (type / 100) % 10 != 0) {
        throw new RecordParseException(
            source, "not a MATLAB v4 file: matrix " + index + " has type code " + type);
      }
      if (rows < 0 || cols < 0) {
        throw new RecordParseException(
            source, "matrix " + index + " has negative dimensions " + rows + " x " + cols);
      }
      if (nameLen < 1 || nameLen > MAX_NAME || nameLen > buf.remaining()) {
        throw new RecordParseException(
            source, "matrix " + index + " has invalid name length " + nameLen);
      }
      byte[] nameBytes = new byte[nameLen];
      buf.get(nameBytes);
      int end = 0;
      while (end < nameLen && nameBytes[end] != 0) {
        end++;
      }
      String matrixName = new String(nameBytes, 0, end, StandardCharsets.ISO_8859_1);
      int elementBytes = elementBytes(type);
      long elements = (long) rows * cols;
      long dataBytes =
          elements > buf.remaining()
              ? Long.MAX_VALUE
              : elements * Math.max(1, elementBytes) * (imag != 0 ? 2 : 1);
      if (!matrixName.equals(name)) {
        if (elementBytes == 0 || dataBytes > buf.remaining()) {
          throw new RecordParseException(
              source,
              "cannot skip matrix '" + matrixName + "' (type " + type + ") to find '" + name + "'");
        }
        buf.position(buf.position() + (int) dataBytes);
        index++;
        continue;
      }
      if (rows > MAX_ROWS) {
        throw new RecordParseException(
            source, "matrix '" + name + "' has " + rows + " rows, more than " + MAX_ROWS);
      }
      if (type != TYPE_INT16_LE) {
        throw new RecordParseException(
            source,
            "matrix '"
                + name
                + "' has type code "
                + type
                + ", only "
                + TYPE_INT16_LE
                + " (little-endian int16 full matrix) is supported");
      }
      if (imag != 0) {
        throw new RecordParseException(source, "matrix '" + name + "' is complex");
      }
      if (dataBytes > buf.remaining()) {
        throw new RecordParseException(
            source,
            "truncated: matrix '"
                + name
                + "' is "
                + rows
                + " x "
                + cols
                + " int16 ("
                + elements * 2
                + " bytes) but the file holds "
                + buf.remaining()
                + " bytes after its header");
      }
      short[][] values = new short[rows][cols];
      for (int c = 0; c < cols; c++) {
        for (int r = 0; r < rows; r++) {
          values[r][c] = buf.getShort();
        }
      }
      return new MatV4Matrix(matrixName, rows, cols, values);
    }
  }

  /** Bytes per element of a v4 type code, 0 when unknown. */
  private static int elementBytes(int type) {
    if (type % 10 != 0) {
      return 0; // text and sparse matrices are not read
    }
    switch ((type / 10) % 10) {
      case 0:
        return 8;
      case 1:
      case 2:
        return 4;
      case 3:
      case 4:
        return 2;
      case 5:
        return 1;
      default:
        return 0;
    }
  }
}
