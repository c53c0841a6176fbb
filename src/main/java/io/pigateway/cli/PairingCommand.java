package io.pigateway.cli;

import io.pigateway.config.ConfigPaths;
import io.pigateway.security.pairing.PairingRequest;
import io.pigateway.security.pairing.PairingStore;
import io.pigateway.store.StateStore;
import io.pigateway.store.StateStores;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pi-gw pairing list|approve|deny}: works on the state store in {@code dataDir} directly, so it
 * works whether or not the gateway runs; a running gateway reads approvals on the next message.
 */
@Command(name = "pairing", description = "List, approve or deny pairing requests of strangers.",
        subcommands = {PairingCommand.ListRequests.class, PairingCommand.Approve.class, PairingCommand.Deny.class})
public final class PairingCommand implements Runnable {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static StateStore openStore(ConfigOption configOption) {
        var config = configOption.load().config();
        return StateStores.open(config.store(), ConfigPaths.dataDir(config));
    }

    @Command(name = "list", description = "Show pending requests and approved senders.")
    static final class ListRequests implements Callable<Integer> {
        @Mixin
        ConfigOption configOption;
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (StateStore store = openStore(configOption)) {
                PairingStore pairing = new PairingStore(store);
                var pending = pairing.pending();
                out.println(pending.isEmpty() ? "No pending pairing requests." : "Pending pairing requests:");
                for (PairingRequest r : pending) {
                    out.printf("  %s  %s account=%s sender=%s%s expires=%s%n", r.code(), r.channel(), r.accountId(),
                            r.senderId(), r.senderName() != null ? " (" + r.senderName() + ")" : "", r.expiresAt());
                }
                var approved = pairing.approved();
                if (!approved.isEmpty()) {
                    out.println("Approved senders (channel:account:sender):");
                    approved.forEach(a -> out.println("  " + a));
                }
            }
            out.flush();
            return 0;
        }
    }

    abstract static class Decide implements Callable<Integer> {
        @Mixin
        ConfigOption configOption;
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;
        @Parameters(index = "0", paramLabel = "CHANNEL", description = "e.g. telegram")
        String channel;
        @Parameters(index = "1", paramLabel = "CODE", description = "the code the sender received")
        String code;
        @Option(names = "--account", description = "account id (default: any account of the channel)")
        String account;

        abstract Optional<PairingRequest> apply(PairingStore pairing, String code);

        abstract String verb();

        @Override
        public Integer call() {
            try (StateStore store = openStore(configOption)) {
                Optional<PairingRequest> done = apply(new PairingStore(store), code);
                if (done.isEmpty()) {
                    spec.commandLine().getErr().println("No pending " + channel + " pairing request with code "
                            + code + (account != null ? " for account " + account : "") + " (unknown or expired).");
                    return 1;
                }
                PairingRequest r = done.get();
                spec.commandLine().getOut().println(verb() + " " + r.channel() + " sender " + r.senderId()
                        + (r.senderName() != null ? " (" + r.senderName() + ")" : "") + " on account " + r.accountId());
                spec.commandLine().getOut().flush();
                return 0;
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println(e.getMessage());
                return 2;
            }
        }
    }

    @Command(name = "approve", description = "Let the sender of CODE talk to the bot in DMs.")
    static final class Approve extends Decide {
        @Override
        Optional<PairingRequest> apply(PairingStore pairing, String code) {
            return pairing.approve(channel, code, account);
        }

        @Override
        String verb() {
            return "Approved";
        }
    }

    @Command(name = "deny", description = "Drop the pairing request with CODE.")
    static final class Deny extends Decide {
        @Override
        Optional<PairingRequest> apply(PairingStore pairing, String code) {
            return pairing.deny(channel, code, account);
        }

        @Override
        String verb() {
            return "Denied";
        }
    }
}
