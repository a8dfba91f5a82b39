package dev.varflow.editor;

/** An edit that cannot be applied to the text as it is; the message says what was expected and what was found. */
public class EditException extends RuntimeException {

    public EditException(String message) {
        super(message);
    }
}
