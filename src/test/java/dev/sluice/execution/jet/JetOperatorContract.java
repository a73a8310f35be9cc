package dev.sluice.execution.jet;

import dev.sluice.operators.OperatorContract;
import dev.sluice.testing.FlowDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** The operator contract on the Jet driver, with embedded members started once per class. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JetOperatorContract extends OperatorContract {

    private final int memberCount;
    private final int workersPerProcess;
    private JetTestCluster cluster;

    JetOperatorContract(int memberCount, int workersPerProcess) {
        this.memberCount = memberCount;
        this.workersPerProcess = workersPerProcess;
    }

    @BeforeAll
    void startCluster() {
        cluster = JetTestCluster.start(memberCount);
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    protected FlowDriver driver() {
        return new JetFlowDriver(cluster.member(0), memberCount, workersPerProcess);
    }
}
