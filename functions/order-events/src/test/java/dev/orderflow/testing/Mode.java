package dev.orderflow.testing;

/** The two CloudEvents HTTP content modes every function must accept and answer in kind. */
public enum Mode {
    BINARY,
    STRUCTURED
}
