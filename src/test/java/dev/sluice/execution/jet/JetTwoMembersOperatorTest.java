package dev.sluice.execution.jet;

/** The operator contract on the Jet driver: two members with two workers each. */
class JetTwoMembersOperatorTest extends JetOperatorContract {

    JetTwoMembersOperatorTest() {
        super(2, 2);
    }
}
