package dev.sluice.execution.jet;

/** The operator contract on the Jet driver: one member with three workers. */
class JetThreeWorkersOperatorTest extends JetOperatorContract {

    JetThreeWorkersOperatorTest() {
        super(1, 3);
    }
}
