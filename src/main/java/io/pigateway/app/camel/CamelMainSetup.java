package io.pigateway.app.camel;

import io.pigateway.config.ConfigPaths;
import io.pigateway.config.GatewayConfig;
import io.pigateway.config.GatewayConfig.GatewaySection;
import java.util.function.Supplier;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.main.Main;

/**
 * Everything the gateway tells camel-main, in one place: the settings file
 * ({@code config/application.properties}, or {@code gateway.camelProperties}) with camel-main and
 * {@code camel.component.*} options; the gateway's JSONC config as {@code {{placeholders}}}; extra
 * component jars from {@code gateway.libDir}; and the user's YAML route files, loaded one by one
 * once the built-in routes run (and reloaded live with {@code gateway.routesReload}).
 */
public final class CamelMainSetup implements CamelConfiguration {
    /**
     * A system property naming the settings file, over {@code gateway.camelProperties}: what
     * {@code pi-gw gateway --camel-properties} sets (it outlives an in-process restart, which re-reads
     * the config file), and what {@code -Dpigateway.camelProperties=...} in PI_GW_JAVA_OPTS sets.
     */
    public static final String SETTINGS_FILE_PROPERTY = "pigateway.camelProperties";

    /** The registry name of the running {@link UserRoutes} (for doctor-style reports and tests). */
    public static final String USER_ROUTES = "pi-gateway-user-routes";

    private final GatewaySection gateway;
    private final Supplier<GatewayConfig> liveConfig;

    private CamelMainSetup(GatewaySection gateway, Supplier<GatewayConfig> liveConfig) {
        this.gateway = gateway;
        this.liveConfig = liveConfig;
    }

    /**
     * Configures {@code main} before its {@code init()}.
     *
     * @param config     the config the gateway starts with (folders, files, reload)
     * @param liveConfig the running config, for placeholders (a config reload shows in reloaded routes)
     */
    public static void apply(Main main, GatewayConfig config, Supplier<GatewayConfig> liveConfig) {
        GatewaySection gateway = config.gateway();
        // the jar's own defaults first, then the user's file; both optional
        main.setPropertyPlaceholderLocations("classpath:application.properties;optional=true," + propertiesLocation(gateway));
        main.configure().addConfiguration(new CamelMainSetup(gateway, liveConfig));
    }

    /** Runs inside camel-main's init, before any route is added. */
    @Override
    public void configure(CamelContext camel) throws Exception {
        UserRoutes routes = userRoutes(camel, gateway, liveConfig);
        camel.getRegistry().bind(USER_ROUTES, routes);
        camel.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
                // user routes come after the built-in ones run: see onCamelContextFullyStarted
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) throws Exception {
                routes.loadAll();
                if (gateway.routesReload() && routes.dir().toFile().isDirectory()) {
                    context.addService(new RouteFileWatcher(routes));
                }
            }
        });
    }

    /**
     * What a route file needs from {@code camel} (component jars, config placeholders) and the
     * loader for the folder; shared with {@code pi-gw doctor}, which checks the files without a gateway.
     */
    static UserRoutes userRoutes(CamelContext camel, GatewaySection gateway, Supplier<GatewayConfig> liveConfig) {
        ClassLoader own = CamelMainSetup.class.getClassLoader();
        ClassLoader withJars = ComponentJars.loader(ConfigPaths.expandHome(gateway.libDir()), own);
        if (withJars != own) {
            camel.setApplicationContextClassLoader(withJars);
        }
        camel.getPropertiesComponent().addPropertiesSource(new ConfigPropertiesSource(liveConfig));
        return new UserRoutes(camel, ConfigPaths.expandHome(gateway.routesDir()));
    }

    /** The settings file's location as camel-main and the properties component take it. */
    static String propertiesLocation(GatewaySection gateway) {
        String file = System.getProperty(SETTINGS_FILE_PROPERTY, gateway.camelProperties());
        return "file:" + ConfigPaths.expandHome(file).toAbsolutePath() + ";optional=true";
    }
}
