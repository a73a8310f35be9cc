package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Clients that send their headers and then stall in the body must not take the member off the air
 * (issue 13): a body arrives without holding a thread, health and runs answer beside hundreds of
 * stalled uploads, and a stalled body is answered {@code 408} once {@code sluice.run.body-timeout} passes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "sluice.run.body-timeout=4s")
class StalledUploadsTest {

    /** More than Tomcat's 200 worker threads: before, each stalled upload held one. */
    private static final int STALLED = 250;

    /**
     * How long the test waits for health and the run at most: a guard against a hang, not a figure. That
     * no stalled upload holds a thread is asserted directly ({@link #threadsWaitingInABodyRead}).
     */
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(60);

    private static final String TEN_LINES =
            "[\"a b\",\"b c\",\"c d\",\"d e\",\"e f\",\"f g\",\"g h\",\"h i\",\"i j\",\"j a\"]";

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        ServiceTestSupport.isolatedCluster(registry);
    }

    @Test
    void healthAndASmallRunAnswerWhileManyUploadsStallAndEachStalledOneGets408() throws Exception {
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < STALLED; i++) {
                stalled.add(stalledUpload());
            }
            Thread.sleep(500); // let the server take them all in
            // before, each stalled upload held a request thread in a blocking read, until all 200 were taken
            assertThat(threadsWaitingInABodyRead())
                    .as("request threads waiting in a body read, with %d uploads stalled", STALLED)
                    .isZero();

            long healthStart = System.nanoTime();
            HttpResponse<String> health = client.send(
                    HttpRequest.newBuilder(url("/actuator/health"))
                            .timeout(ANSWER_WITHIN)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            long healthMillis = (System.nanoTime() - healthStart) / 1_000_000;
            long runStart = System.nanoTime();
            HttpResponse<String> run = client.send(
                    HttpRequest.newBuilder(url("/flows/wordcount/run?epochs=single"))
                            .timeout(ANSWER_WITHIN)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(TEN_LINES))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            long runMillis = (System.nanoTime() - runStart) / 1_000_000;
            System.out.printf(
                    "with %d stalled uploads: health %d ms, 10-line run %d ms%n", STALLED, healthMillis, runMillis);

            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
            assertThat(run.body()).contains("[0,[\"a\",2]]", "[0,[\"j\",2]]");

            String answer = readAnswer(stalled.get(0));
            assertThat(answer).startsWith("HTTP/1.1 408");
            assertThat(answer).contains("Content-Type: application/problem+json");
            assertThat(answer).contains("\"status\":408", "did not arrive within 4000 ms (1 bytes came)");
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }

    @Test
    void aBodyThatCameWithItsHeadersIsReadAtOnceInTheRequestsOwnDispatch() throws Exception {
        byte[] head = headers("/flows/wordcount/run?epochs=single", TEN_LINES.length());
        byte[] request = Arrays.copyOf(head, head.length + TEN_LINES.length());
        System.arraycopy(TEN_LINES.getBytes(StandardCharsets.US_ASCII), 0, request, head.length, TEN_LINES.length());
        RUN_DISPATCHES.clear();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(request); // one write: the body is there with the headers
            String answer = readAnswer(socket);

            assertThat(answer).startsWith("HTTP/1.1 200");
            assertThat(answer).contains("[0,[\"a\",2]]", "[0,[\"j\",2]]");
        }
        // the request's own dispatch reaches the controller; the one async dispatch completes its answer
        assertThat(RUN_DISPATCHES).containsExactly(DispatcherType.REQUEST, DispatcherType.ASYNC);
    }

    @Test
    void aBodyThatArrivesInSlowPiecesWithinTheTimeoutIsReadWhole() throws Exception {
        byte[] body = TEN_LINES.getBytes(StandardCharsets.UTF_8);
        RUN_DISPATCHES.clear();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(headers("/flows/wordcount/run?epochs=single", body.length));
            for (int from = 0; from < body.length; from += 20) {
                out.write(body, from, Math.min(20, body.length - from));
                out.flush();
                Thread.sleep(100);
            }
            String answer = readAnswer(socket);

            assertThat(answer).startsWith("HTTP/1.1 200");
            assertThat(answer).contains("[0,[\"a\",2]]", "[0,[\"j\",2]]");
        }
        // the rest of the body is read without a thread, then an async dispatch carries it to the controller
        assertThat(RUN_DISPATCHES).containsExactly(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ASYNC);
    }

    /**
     * The dispatches of the runs' requests, seen first thing: the request's own; one that carries a body
     * that came late; and the one that completes the answer (a {@code StreamingResponseBody}).
     */
    private static final List<DispatcherType> RUN_DISPATCHES = new CopyOnWriteArrayList<>();

    @TestConfiguration(proxyBeanMethods = false)
    static class RecordDispatches {
        @Bean
        FilterRegistrationBean<Filter> runDispatches() {
            FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
                RUN_DISPATCHES.add(request.getDispatcherType());
                chain.doFilter(request, response);
            });
            registration.addUrlPatterns("/flows/wordcount/run");
            registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
            return registration;
        }
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedWithoutWaitingForTheBody() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(headers("/flows/wordcount/run", 65L * 1024 * 1024));
            String answer = readAnswer(socket);

            assertThat(answer).startsWith("HTTP/1.1 413");
            assertThat(answer).contains("application/problem+json");
        }
    }

    /** Threads of this JVM (the service's) waiting inside a servlet request body read. */
    private static long threadsWaitingInABodyRead() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(thread -> thread.getKey().getState() != Thread.State.RUNNABLE)
                .filter(thread -> Arrays.stream(thread.getValue())
                        .anyMatch(frame -> frame.getClassName().equals("org.apache.catalina.connector.InputBuffer")))
                .count();
    }

    private Socket stalledUpload() throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        OutputStream out = socket.getOutputStream();
        out.write(headers("/flows/wordcount/run", 100));
        out.write('[');
        out.flush();
        return socket;
    }

    private static byte[] headers(String path, long contentLength) {
        return ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + contentLength + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Everything the server sends until it closes the connection or 20 s pass. */
    private static String readAnswer(Socket socket) throws IOException {
        socket.setSoTimeout(20_000);
        InputStream in = socket.getInputStream();
        StringBuilder answer = new StringBuilder();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                answer.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                if (answer.indexOf("\r\n\r\n") > 0 && complete(answer)) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            // return what came
        }
        return answer.toString();
    }

    /** Whether a response with a Content-Length or a chunked body has all of it. */
    private static boolean complete(StringBuilder answer) {
        String text = answer.toString();
        int bodyStart = text.indexOf("\r\n\r\n") + 4;
        String head = text.substring(0, bodyStart).toLowerCase();
        int lengthAt = head.indexOf("content-length: ");
        if (lengthAt >= 0) {
            int length = Integer.parseInt(head.substring(lengthAt + 16, head.indexOf("\r\n", lengthAt))
                    .trim());
            return text.getBytes(StandardCharsets.UTF_8).length - bodyStart >= length;
        }
        return text.endsWith("0\r\n\r\n");
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
