package io.pigateway.app;

import io.pigateway.api.ConfigState;
import io.pigateway.config.ConfigDiff;
import io.pigateway.config.GatewayConfig;
import io.pigateway.core.channel.Channel;
import io.pigateway.core.lane.LaneDispatcher;
import io.pigateway.core.lane.QueueMode;
import io.pigateway.pipeline.ChannelRegistry;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reloaded config applied to the pipeline: the lanes take the new queue settings for the
 * messages that follow, and every channel gets {@link Channel#reconfigure} (its accounts started,
 * stopped or restarted alone). Other pipeline settings (roles, group rules, streaming modes) are
 * read from the running config per message and need nothing here.
 */
final class PipelineReload implements ConfigState.Applier {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineReload.class);

    private final LaneDispatcher lanes;
    private final ChannelRegistry channels;

    PipelineReload(LaneDispatcher lanes, ChannelRegistry channels) {
        this.lanes = lanes;
        this.channels = channels;
    }

    @Override
    public void apply(GatewayConfig running, GatewayConfig fresh, ConfigDiff diff) {
        if (diff.touches("agent.queue")) {
            lanes.reconfigure(QueueMode.fromConfig(fresh.agent().queue().mode()), fresh.agent().queue().maxPerSession());
        }
        if (!diff.touches("channels")) {
            return;
        }
        for (Channel channel : channels.all()) {
            try {
                List<String> done = channel.reconfigure();
                if (!done.isEmpty()) {
                    LOG.info("config reload: channel {}: {}", channel.name(), String.join(", ", done));
                }
            } catch (RuntimeException e) { // one channel failing must not keep the others on the old config
                LOG.error("config reload: channel {} could not apply the new config", channel.name(), e);
            }
        }
    }

    @Override
    public String toString() {
        return "the pipeline (queue settings, channel accounts)";
    }
}
