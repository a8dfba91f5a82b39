package dev.varflow.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 over a plain socket: the request target goes on the wire byte for byte, with no client normalising
 * {@code //}, {@code ..}, {@code ;} or percent escapes away.
 */
final class RawHttp {

    private RawHttp() {
    }

    /** An answer: status, headers (names in lower case) and body. */
    record Answer(int status, java.util.Map<String, String> headers, String body) {
    }

    /** The status code of one request; {@code bearer} and {@code body} may be null. */
    static int status(int port, String method, String target, String bearer, String contentType, byte[] body) {
        return exchange(port, method, target, bearer, contentType, body, java.util.Map.of()).status();
    }

    /** One request with extra headers; {@code bearer}, {@code contentType} and {@code body} may be null. */
    static Answer exchange(int port, String method, String target, String bearer, String contentType, byte[] body,
            java.util.Map<String, String> headers) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                    .append("Host: localhost:").append(port).append("\r\n").append("Connection: close\r\n");
            if (bearer != null) {
                head.append("Authorization: Bearer ").append(bearer).append("\r\n");
            }
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            if (body != null) {
                if (contentType != null) {
                    head.append("Content-Type: ").append(contentType).append("\r\n");
                }
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            String statusLine = in.readLine();
            if (statusLine == null || !statusLine.startsWith("HTTP/1.")) {
                throw new IllegalStateException("Expected an HTTP status line, but got " + statusLine);
            }
            java.util.Map<String, String> answered = new java.util.HashMap<>();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                int colon = line.indexOf(':');
                answered.put(line.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT),
                        line.substring(colon + 1).trim());
            }
            StringBuilder rest = new StringBuilder();
            if (!"HEAD".equals(method)) {
                char[] buffer = new char[8192];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    rest.append(buffer, 0, n);
                }
            }
            return new Answer(Integer.parseInt(statusLine.split(" ")[1]), answered, rest.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
