package org.hmsabi.report;

/**
 * Guest consoles carry escape sequences and stray NUL bytes, which XML 1.0 cannot hold even
 * escaped; a JUnit file with one of them is rejected whole by Jenkins. They become U+FFFD.
 */
final class XmlText {
    private XmlText() {
    }

    static String clean(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(point -> out.appendCodePoint(allowed(point) ? point : 0xFFFD));
        return out.toString();
    }

    private static boolean allowed(int point) {
        return point == 0x9 || point == 0xA || point == 0xD
                || (point >= 0x20 && point <= 0xD7FF)
                || (point >= 0xE000 && point <= 0xFFFD)
                || (point >= 0x10000 && point <= 0x10FFFF);
    }
}
