package dev.sluice.dataflow;

/** The seed's name of each {@link Step} record: its simple name in snake_case, worked out once per class. */
final class OperatorNames extends ClassValue<String> {

    static final OperatorNames NAMES = new OperatorNames();

    private OperatorNames() {}

    @Override
    protected String computeValue(Class<?> type) {
        String name = type.getSimpleName();
        StringBuilder snake = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c) && i > 0) {
                snake.append('_');
            }
            snake.append(Character.toLowerCase(c));
        }
        return snake.toString();
    }
}
