package org.melep.report;

/**
 * A rendered figure: {@code figures/<name>.png} and {@code .svg}, its title and a caption for the
 * page.
 */
public record Figure(
    String name, String epochRule, String title, String caption, byte[] png, byte[] svg) {}
