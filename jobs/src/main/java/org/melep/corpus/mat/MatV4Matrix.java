package org.melep.corpus.mat;

/** An int16 matrix read from a MATLAB v4 file: {@code values[row][column]}. */
public record MatV4Matrix(String name, int rows, int columns, short[][] values) {}
