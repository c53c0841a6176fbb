package io.pigateway.cli;

import picocli.CommandLine.IVersionProvider;

/** Version from the jar manifest (falls back to "dev" when run from classes). */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = PiGwCli.class.getPackage().getImplementationVersion();
        return new String[] {"pi-gw " + (v != null ? v : "dev")};
    }
}
