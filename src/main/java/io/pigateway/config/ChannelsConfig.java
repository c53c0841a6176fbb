package io.pigateway.config;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.pigateway.config.GatewayConfig.AuthConfig;
import java.util.List;
import java.util.Map;

/** `channels` section: one block per built-in channel. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChannelsConfig(TelegramConfig telegram, DiscordConfig discord, FeishuConfig feishu,
                             WebchatConfig webchat,
                             @JsonAnySetter Map<String, RouteChannelConfig> routeChannels) {
    public ChannelsConfig {
        routeChannels = routeChannels != null ? Map.copyOf(routeChannels) : Map.of();
        telegram = telegram != null ? telegram : TelegramConfig.defaults();
        discord = discord != null ? discord : DiscordConfig.defaults();
        feishu = feishu != null ? feishu : FeishuConfig.defaults();
        webchat = webchat != null ? webchat : WebchatConfig.defaults();
    }

    public static ChannelsConfig defaults() {
        return new ChannelsConfig(null, null, null, null, null);
    }

    /** Telegram: a top-level bot (the `default` account) plus optional extra accounts. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TelegramConfig(Boolean enabled, String botToken, String apiBaseUrl, String dmPolicy,
                                 List<String> allowlist, String streamingMode, String webhookUrl,
                                 String webhookSecret, Map<String, TelegramAccount> accounts,
                                 Map<String, GroupConfig> groups, Integer mediaMaxMbPerChat,
                                 Integer mediaRetentionDays) {
        public TelegramConfig {
            enabled = enabled != null ? enabled : Boolean.FALSE;
            apiBaseUrl = apiBaseUrl != null ? apiBaseUrl : "https://api.telegram.org";
            dmPolicy = dmPolicy != null ? dmPolicy : "pairing";
            allowlist = allowlist != null ? List.copyOf(allowlist) : List.of();
            streamingMode = streamingMode != null ? streamingMode : "partial";
            accounts = accounts != null ? Map.copyOf(accounts) : Map.of();
            groups = groups != null ? Map.copyOf(groups) : Map.of();
            mediaMaxMbPerChat = mediaMaxMbPerChat != null ? mediaMaxMbPerChat : 100;
            mediaRetentionDays = mediaRetentionDays != null ? mediaRetentionDays : 7;
        }

        public static TelegramConfig defaults() {
            return new TelegramConfig(null, null, null, null, null, null, null, null, null, null, null, null);
        }
    }

    /** One extra Telegram bot; unset fields inherit the channel's. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TelegramAccount(Boolean enabled, String botToken, String webhookUrl, String webhookSecret,
                                  String dmPolicy, List<String> allowlist, String streamingMode) {
        public TelegramAccount {
            enabled = enabled != null ? enabled : Boolean.TRUE;
            allowlist = allowlist != null ? List.copyOf(allowlist) : null;
        }
    }

    /**
     * Per-group behaviour. {@code allowFrom}: who in the group may talk to the agent (user ids,
     * {@code "*"} everyone); null follows the channel's {@code dmPolicy}.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record GroupConfig(Boolean requireMention, String role, List<String> allowFrom) {
        public GroupConfig {
            requireMention = requireMention != null ? requireMention : Boolean.TRUE;
            allowFrom = allowFrom != null ? List.copyOf(allowFrom) : null;
        }
    }

    /**
     * Discord bot (JDA): the top-level bot is the {@code default} account, {@code accounts} adds more.
     * {@code guilds}: only the listed guild ids are served ({@code "*"}: all), like Telegram groups.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DiscordConfig(Boolean enabled, String token, String streamingMode, String dmPolicy,
                                List<String> allowlist, String apiBaseUrl, String gatewayUrl,
                                Map<String, DiscordGuildConfig> guilds, Map<String, DiscordAccount> accounts,
                                Integer mediaMaxMb, List<String> cdnHosts) {
        public static final String DEFAULT_API = "https://discord.com/api/v10";
        public static final String DEFAULT_GATEWAY = "wss://gateway.discord.gg";

        public DiscordConfig {
            enabled = enabled != null ? enabled : Boolean.FALSE;
            streamingMode = streamingMode != null ? streamingMode : "partial";
            dmPolicy = dmPolicy != null ? dmPolicy : "pairing";
            allowlist = allowlist != null ? List.copyOf(allowlist) : List.of();
            apiBaseUrl = apiBaseUrl != null ? apiBaseUrl : DEFAULT_API;
            gatewayUrl = gatewayUrl != null ? gatewayUrl : DEFAULT_GATEWAY;
            guilds = guilds != null ? Map.copyOf(guilds) : Map.of();
            accounts = accounts != null ? Map.copyOf(accounts) : Map.of();
            mediaMaxMb = mediaMaxMb != null ? mediaMaxMb : 25;
            cdnHosts = cdnHosts != null ? List.copyOf(cdnHosts) : List.of("cdn.discordapp.com", "media.discordapp.net");
        }

        public static DiscordConfig defaults() {
            return new DiscordConfig(null, null, null, null, null, null, null, null, null, null, null);
        }
    }

    /**
     * One admitted guild. {@code channels}: the channel ids served there (null or empty: all);
     * {@code allowFrom}: who may talk (user ids, {@code "*"}), null follows the account's dmPolicy.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DiscordGuildConfig(Boolean requireMention, String role, List<String> channels,
                                     List<String> allowFrom) {
        public DiscordGuildConfig {
            requireMention = requireMention != null ? requireMention : Boolean.TRUE;
            channels = channels != null ? List.copyOf(channels) : List.of();
            allowFrom = allowFrom != null ? List.copyOf(allowFrom) : null;
        }
    }

    /** One extra Discord bot; unset fields inherit the channel's. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DiscordAccount(Boolean enabled, String token, String dmPolicy, List<String> allowlist,
                                 String streamingMode) {
        public DiscordAccount {
            enabled = enabled != null ? enabled : Boolean.TRUE;
            allowlist = allowlist != null ? List.copyOf(allowlist) : null;
        }
    }

    /**
     * Feishu / Lark app (an event callback on the gateway's port, answers as streaming cards).
     * {@code domain} picks the Open API host ({@code feishu} or {@code lark}); {@code apiBaseUrl}
     * overrides it (tests, proxies). Groups follow Telegram's rule: none unless listed, {@code "*"} all.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record FeishuConfig(Boolean enabled, String appId, String appSecret, String verificationToken,
                               String encryptKey, String domain, String apiBaseUrl, String webhookPath,
                               String dmPolicy, List<String> allowlist, Map<String, GroupConfig> groups,
                               String streamingMode) {
        public static final String FEISHU_URL = "https://open.feishu.cn";
        public static final String LARK_URL = "https://open.larksuite.com";

        public FeishuConfig {
            enabled = enabled != null ? enabled : Boolean.FALSE;
            domain = domain != null ? domain : "feishu";
            webhookPath = webhookPath != null ? webhookPath : "/feishu/events";
            dmPolicy = dmPolicy != null ? dmPolicy : "pairing";
            allowlist = allowlist != null ? List.copyOf(allowlist) : List.of();
            groups = groups != null ? Map.copyOf(groups) : Map.of();
            streamingMode = streamingMode != null ? streamingMode : "partial";
        }

        /** The Open API base URL: {@code apiBaseUrl} when set, else the {@code domain}'s. */
        public String baseUrl() {
            if (apiBaseUrl != null && !apiBaseUrl.isBlank()) {
                return apiBaseUrl.endsWith("/") ? apiBaseUrl.substring(0, apiBaseUrl.length() - 1) : apiBaseUrl;
            }
            return switch (domain.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "feishu" -> FEISHU_URL;
                case "lark" -> LARK_URL;
                default -> throw new IllegalArgumentException("Unknown channels.feishu.domain '" + domain
                        + "' (expected feishu or lark)");
            };
        }

        public static FeishuConfig defaults() {
            return new FeishuConfig(null, null, null, null, null, null, null, null, null, null, null, null);
        }
    }

    /** The built-in web page; `auth` overrides `gateway.auth` for the page when set. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record WebchatConfig(Boolean enabled, AuthConfig auth) {
        public WebchatConfig {
            enabled = enabled != null ? enabled : Boolean.TRUE;
        }

        public static WebchatConfig defaults() {
            return new WebchatConfig(null, null);
        }
    }

    /**
     * A channel made of YAML routes ({@code channels.<name>}): who may write through it and how its
     * answers leave. Without {@code dmPolicy} the route's author decides who may write (open).
     *
     * @param groups        admitted group chat ids when {@code dmPolicy} is set ({@code "*"}: all)
     * @param streamingMode {@code off} (default: one message with the final text) or {@code block}
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RouteChannelConfig(String dmPolicy, List<String> allowlist, List<String> groups,
                                     String streamingMode) {
        public RouteChannelConfig {
            allowlist = allowlist != null ? List.copyOf(allowlist) : List.of();
            groups = groups != null ? List.copyOf(groups) : List.of();
        }
    }
}
