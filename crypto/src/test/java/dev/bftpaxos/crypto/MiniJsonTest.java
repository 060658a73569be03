package dev.bftpaxos.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MiniJsonTest {
    @Test
    void parsesTheSubsetItSupports() {
        Object v = MiniJson.parse(" {\"a\": [1, -2, 0, true, false, null, \"x\\n\\u0041\\\"\"], \"b\": {}} ");
        Map<?, ?> m = (Map<?, ?>) v;
        List<?> a = (List<?>) m.get("a");
        assertEquals(List.of(1L, -2L, 0L, true, false), a.subList(0, 5));
        assertSame(MiniJson.NULL, a.get(5));
        assertEquals("x\nA\"", a.get(6));
        assertEquals(Map.of(), m.get("b"));
        assertEquals(Long.MAX_VALUE, MiniJson.parse("9223372036854775807"));
    }

    @Test
    void quoteRoundTrips() {
        String s = "a\"b\\c\nd\te\u0001";
        assertEquals(s, MiniJson.parse(MiniJson.quote(s)));
    }

    @Test
    void rejectsWithPosition() {
        for (String[] bad : new String[][] {
                {"{\"a\":1,}", "line 1, column 8"},
                {"{\"a\":1 \"b\":2}", "expected ',' or '}'"},
                {"[1 2]", "expected ',' or ']'"},
                {"01", "leading zero"},
                {"1e5", "only integers"},
                {"99999999999999999999", "out of range"},
                {"\"abc", "unterminated string"},
                {"\"a\\qb\"", "bad escape"},
                {"\"a\nb\"", "control character"},
                {"tru", "expected true"},
                {"{\"a\":1,\"a\":2}", "duplicate field \"a\""},
                {"[".repeat(40), "nesting deeper"},
                {"\n\n   @", "line 3, column 4"},
        }) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MiniJson.parse(bad[0]), bad[0]);
            assertTrue(e.getMessage().contains(bad[1]), bad[0] + " -> " + e.getMessage());
        }
    }
}
