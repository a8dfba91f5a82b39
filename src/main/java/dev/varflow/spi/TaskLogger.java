package dev.varflow.spi;

/** Log lines a plugin writes; they land in the task's record (bounded) and in the worker's log. */
public interface TaskLogger {

    void info(String message);

    void warn(String message);
}
