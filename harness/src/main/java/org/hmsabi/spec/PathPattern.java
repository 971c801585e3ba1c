package org.hmsabi.spec;

import java.util.regex.Pattern;

/**
 * A spec path pattern: {@code <N>} is a decimal number, {@code *} one path segment (or part of
 * one), {@code **} any number of segments. Everything else is literal.
 */
public record PathPattern(String text, Pattern regex) {

    public static PathPattern of(String text) {
        StringBuilder regex = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("<N>", i)) {
                regex.append("[0-9]+");
                i += 3;
            } else if (text.startsWith("**", i)) {
                regex.append(".*");
                i += 2;
            } else if (text.charAt(i) == '*') {
                regex.append("[^/]*");
                i++;
            } else {
                regex.append(Pattern.quote(String.valueOf(text.charAt(i))));
                i++;
            }
        }
        return new PathPattern(text, Pattern.compile(regex.toString()));
    }

    public boolean matches(String path) {
        return regex.matcher(path).matches();
    }

    @Override
    public String toString() {
        return text;
    }
}
