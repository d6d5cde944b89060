package app.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.ConsoleAppender;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class CurioLoggingTest {
    @Test
    void logbackFindsCurioLoggingThroughItsServiceRegistry() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        assertEquals(Level.WARN, root.getLevel());
        ConsoleAppender<?> stderr = assertInstanceOf(ConsoleAppender.class, root.getAppender("STDERR"));
        assertEquals("System.err", stderr.getTarget());
        assertEquals(CurioLogging.PATTERN, ((PatternLayoutEncoder) stderr.getEncoder()).getPattern());
        assertEquals(Level.ERROR, context.getLogger("org.apache.hadoop").getLevel());
        assertEquals(Level.WARN, context.getLogger("org.apache.parquet").getLevel());
    }

    @Test
    void warningsGoToStderrAndInfoIsQuiet() {
        PrintStream before = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            // A fresh context, so its console appender binds the captured stream.
            LoggerContext context = new LoggerContext();
            context.setMDCAdapter(new LogbackMDCAdapter());
            CurioLogging logging = new CurioLogging();
            logging.setContext(context);
            assertEquals(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, logging.configure(context));
            context.getLogger("pipeline.ingest.Ingest").warn("episode {} has no camera", "ep_7");
            context.getLogger("pipeline.ingest.Ingest").info("not shown");
            context.getLogger("org.apache.hadoop.util.NativeCodeLoader").warn("not shown either");
            context.stop();
        } finally {
            System.setErr(before);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        assertTrue(text.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  pipeline\\.ingest\\.Ingest - episode ep_7 has no camera\\R"), text);
    }

    @Test
    void aConfigurationFileTheUserNamesWins() {
        String before = System.getProperty("logback.configurationFile");
        System.setProperty("logback.configurationFile", "/etc/curio/logback.xml");
        try {
            LoggerContext context = new LoggerContext();
            CurioLogging logging = new CurioLogging();
            logging.setContext(context);
            assertEquals(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY, logging.configure(context));
            assertNull(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("STDERR"));
        } finally {
            if (before == null) System.clearProperty("logback.configurationFile");
            else System.setProperty("logback.configurationFile", before);
        }
    }
}
