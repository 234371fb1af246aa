package dev.orderflow.bench;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The bench's report: its tables, verdicts and progress lines go through this logger to standard output, undecorated
 * so that tables stay aligned and lines can be copied into docs/benchmarks.md; failures go to standard error with
 * their stack trace.
 */
final class BenchLog {

    static final Logger LOG = create();

    private BenchLog() {
    }

    private static Logger create() {
        Logger log = Logger.getLogger("dev.orderflow.bench");
        log.setUseParentHandlers(false);
        log.addHandler(new Plain());
        return log;
    }

    /** Each record as its message alone, flushed at once, so progress shows while a benchmark runs. */
    private static final class Plain extends Handler {

        Plain() {
            setFormatter(new Formatter() {
                @Override
                public String format(LogRecord record) {
                    StringWriter text = new StringWriter().append(record.getMessage()).append(System.lineSeparator());
                    if (record.getThrown() != null) {
                        record.getThrown().printStackTrace(new PrintWriter(text));
                    }
                    return text.toString();
                }
            });
        }

        @Override
        public void publish(LogRecord record) {
            var stream = record.getLevel().intValue() >= Level.WARNING.intValue() ? System.err : System.out;
            stream.print(getFormatter().format(record));
            stream.flush();
        }

        @Override
        public void flush() {
            System.out.flush();
            System.err.flush();
        }

        @Override
        public void close() {
            flush();
        }
    }
}
