package org.publicfunds.ledger;

import java.util.Arrays;
import org.publicfunds.ledger.audit.ExportVerifier;
import org.publicfunds.ledger.statements.StatementCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class LedgerApplication {

    public static void main(String[] args) {
        if (args.length >= 2 && args[0].equals("verify")) {
            System.exit(ExportVerifier.main(Arrays.copyOfRange(args, 1, args.length), System.out));
        }
        if (args.length >= 1 && args[0].equals("statement")) {
            // the statement's bytes alone on standard output; what the verification found goes to standard error
            System.exit(StatementCommand.main(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        // Axon's update checker calls home; with no internet it only logs errors and slows shutdown.
        if (System.getProperty("axoniq.update-checker.disabled") == null) {
            System.setProperty("axoniq.update-checker.disabled", "true");
        }
        SpringApplication.run(LedgerApplication.class, args);
    }
}
