package io.pigateway.app;

import io.pigateway.api.ConfigState;
import io.pigateway.config.ConfigException;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code gateway.watchConfig}: reloads the config when its file changes. Watches the file's folder,
 * not the file, so an editor's rename-on-save (a new file moved over the old one) and an atomic
 * write are seen like an in-place write; waits {@value #DEBOUNCE_MS} ms after the last event, so a
 * save that truncates then writes is read once, whole. An invalid file is logged with every key
 * path and the running config stays.
 */
final class ConfigFileWatcher extends ServiceSupport {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigFileWatcher.class);
    static final long DEBOUNCE_MS = 300;

    private final Path file;
    private final ConfigState config;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "config-watch");
        t.setDaemon(true);
        return t;
    });
    private WatchService watcher;
    private ScheduledFuture<?> pending;

    ConfigFileWatcher(Path file, ConfigState config) {
        this.file = file.toAbsolutePath().normalize();
        this.config = config;
    }

    @Override
    protected void doStart() throws IOException {
        watcher = FileSystems.getDefault().newWatchService();
        file.getParent().register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        Thread loop = new Thread(this::watch, "config-watch-events");
        loop.setDaemon(true);
        loop.start();
        LOG.info("Reloading the config when {} changes (gateway.watchConfig)", file);
    }

    private void watch() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.context() instanceof Path name && name.equals(file.getFileName())) {
                        debounce();
                    }
                }
                key.reset();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // stopping
        }
    }

    private synchronized void debounce() {
        if (pending != null) {
            pending.cancel(false);
        }
        pending = timer.schedule(this::reload, DEBOUNCE_MS, TimeUnit.MILLISECONDS);
    }

    private void reload() {
        try {
            config.reload(); // logs what was applied and what needs a restart
        } catch (ConfigException e) {
            LOG.warn("config file {} changed but is invalid; the running config is kept:\n  {}", file,
                    String.join("\n  ", e.problems()));
        } catch (RuntimeException e) {
            LOG.warn("config file {} changed but could not be reloaded: {}", file, e.toString());
        }
    }

    @Override
    protected void doStop() throws IOException {
        timer.shutdownNow();
        if (watcher != null) {
            watcher.close();
        }
    }
}
