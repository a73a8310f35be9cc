package dev.sluice.execution.jet;

/** The operator contract on the Jet driver: one member with one worker. */
class JetOneWorkerOperatorTest extends JetOperatorContract {

    JetOneWorkerOperatorTest() {
        super(1, 1);
    }
}
