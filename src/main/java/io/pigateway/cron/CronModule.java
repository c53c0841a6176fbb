package io.pigateway.cron;

import io.pigateway.config.CronConfig;
import io.pigateway.config.GatewayConfig;
import io.pigateway.config.LiveConfig;
import io.pigateway.pipeline.ChannelRegistry;
import io.pigateway.pipeline.SessionCatalog;
import io.pigateway.plugin.GatewayPlugin;
import io.pigateway.plugin.GatewayPluginApi;
import io.pigateway.security.DmPolicyGate;
import io.pigateway.store.StateStore;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Cron: scheduled agent tasks. Each active job is a {@code cron-<id>} route made from the
 * {@code cron-job} template on {@code quartz:}; its task goes through the inbound pipeline and its
 * answer where the job says. Contributes the scheduler (a service), the {@code /api/cron} routes,
 * the {@link CronService} the WebSocket methods and CLI use, and the agent's {@code cron} tool.
 */
public final class CronModule implements GatewayPlugin {
    @Override
    public String name() {
        return "cron";
    }

    @Override
    public int order() {
        return 35; // after the pipeline and the api, before the tools that offer the cron tool
    }

    @Override
    public void register(GatewayPluginApi api) {
        GatewayConfig config = api.config();
        LiveConfig live = api.lookup(LiveConfig.class).orElse(() -> config);
        StateStore state = api.lookup(StateStore.class).orElseThrow();
        SessionCatalog sessions = api.lookup(SessionCatalog.class).orElseThrow();
        ChannelRegistry channels = api.lookup(ChannelRegistry.class).orElseThrow();
        CronStore store = new CronStore(state);
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "cron-retry"));
        var work = Executors.newFixedThreadPool(2, r -> daemon(r, "cron-run"));
        CronScheduler scheduler = new CronScheduler(store, live, cron -> rules(cron, live, channels),
                camel -> new CronRunner(camel.createProducerTemplate(), sessions, channels, config.agent().id(),
                        config.agent().turnTimeoutMs() + 30_000L, work), work, timers);
        CronService service = new CronService(scheduler, store);
        api.bind("cronService", service);
        DmPolicyGate policy = api.lookup(DmPolicyGate.class).orElseThrow();
        api.bind("cronTool", new CronTool(service, sessions::chatOf, chat -> policy.isOperatorChat(chat.channel(),
                chat.accountId(), chat.scope(), chat.chatId())).spec());
        api.addRoutes(new CronRoutes(scheduler));
        api.addRoutes(new CronHttpRoutes(service));
        api.registerService(scheduler);
    }

    /** The rules under the given {@code cron} section; {@code to} must name a channel this gateway runs. */
    static JobRules rules(CronConfig cron, LiveConfig live, ChannelRegistry channels) {
        return JobRules.of(cron, name -> channels.isJavaChannel(name)
                || live.current().channels().routeChannels().containsKey(name));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
