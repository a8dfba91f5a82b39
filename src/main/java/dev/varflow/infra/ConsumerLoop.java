package dev.varflow.infra;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * A Kafka consumer on its own thread: polls, hands each batch to {@link #handle}, and stops cleanly. Subclasses
 * decide when offsets are committed, which is what makes their processing at-least-once.
 */
public abstract class ConsumerLoop implements Runnable {

    private static final Logger LOG = Logger.getLogger(ConsumerLoop.class);

    protected final KafkaConsumer<String, byte[]> consumer;
    /** Longest wait for records by default; {@link #handle} runs at least this often. */
    protected static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

    private final String name;
    private final Duration pollTimeout;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile boolean healthy = true;
    private Thread thread;

    protected ConsumerLoop(String name, KafkaConsumer<String, byte[]> consumer) {
        this(name, consumer, POLL_TIMEOUT);
    }

    protected ConsumerLoop(String name, KafkaConsumer<String, byte[]> consumer, Duration pollTimeout) {
        this.name = name;
        this.consumer = consumer;
        this.pollTimeout = pollTimeout;
    }

    public void start() {
        thread = new Thread(this, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run() {
        try {
            subscribe();
            while (running) {
                handle(poll());
            }
        } catch (WakeupException e) {
            if (running) {
                // A wakeUp() hit a blocking call other than poll: a bug of the subclass, not a stop.
                healthy = false;
                LOG.errorf(e, "%s stopped: woken up outside poll", name);
            }
            // else stop() woke us up.
        } catch (RuntimeException e) {
            healthy = false;
            LOG.errorf(e, "%s stopped on an unexpected error", name);
        } finally {
            try {
                beforeClose();
            } finally {
                consumer.close(Duration.ofSeconds(5));
                stopped.countDown();
            }
        }
    }

    private ConsumerRecords<String, byte[]> poll() {
        try {
            return consumer.poll(pollTimeout);
        } catch (WakeupException e) {
            if (!running) {
                throw e;
            }
            // wakeUp(): handle() runs again at once, with no records.
            return ConsumerRecords.empty();
        }
    }

    /**
     * Makes a poll that is waiting for records return at once (or the next one, when none is waiting), so that
     * {@link #handle} runs again without waiting out the poll timeout; callable from any thread. Any other
     * blocking consumer call of the loop thread (commitSync, position, ...) may throw the {@link WakeupException}
     * instead: a subclass that calls wakeUp() must handle it there.
     */
    protected void wakeUp() {
        consumer.wakeup();
    }

    protected abstract void subscribe();

    protected abstract void handle(ConsumerRecords<String, byte[]> records);

    /** Last chance to commit before the consumer closes. */
    protected void beforeClose() {
    }

    /** Asks the loop to stop and waits for it, at most {@code timeout}. */
    public void stop(Duration timeout) {
        running = false;
        consumer.wakeup();
        try {
            stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isHealthy() {
        return healthy && (thread == null || thread.isAlive() || !running);
    }

    protected boolean isRunning() {
        return running;
    }
}
