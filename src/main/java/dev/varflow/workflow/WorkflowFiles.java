package dev.varflow.workflow;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads workflow files as strict UTF-8, naming the first byte that is not. */
public final class WorkflowFiles {

    private WorkflowFiles() {
    }

    /**
     * The file's text.
     *
     * @throws IOException when it cannot be read, or {@code FILE: not UTF-8 text at byte N} (0-based) when it is
     *     binary or in another encoding
     */
    public static String read(Path file) throws IOException {
        return decode(file.toString(), Files.readAllBytes(file));
    }

    /** The bytes as UTF-8 text, or {@code FILE: not UTF-8 text at byte N}. */
    public static String decode(String fileName, byte[] bytes) throws CharacterCodingException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw new NotUtf8Exception(fileName, in.position(), bytes[in.position()]);
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    /** A file that is not UTF-8 text; the message is {@code FILE: not UTF-8 text at byte N (0xXX)}. */
    public static final class NotUtf8Exception extends CharacterCodingException {

        private final String message;

        NotUtf8Exception(String fileName, int offset, byte value) {
            this.message = fileName + ": not UTF-8 text at byte " + offset + " (0x"
                    + String.format("%02X", value & 0xFF) + ")";
        }

        @Override
        public String getMessage() {
            return message;
        }
    }
}
