package org.hmsabi.spec;

import java.util.List;
import java.util.Map;

/**
 * One entry of {@code spec/catalog.yaml} as written, before expansion: a case template (it has an
 * id) or a group of entries. Fields are text until a machine gives the symbolic names a meaning.
 */
sealed interface CatalogEntry permits CatalogEntry.Case, CatalogEntry.Group {

    /** Where the entry is, for messages: {@code cases[2].cases[0] 'mbind/BIND/pages=0'}. */
    String where();

    /** The {@code for} lists, outermost first. */
    Map<String, List<String>> axes();

    /** The fields the entry sets (for a group: defaults of its entries), by name. */
    Map<String, String> fields();

    /** The {@code mirrors} the entry names, by source ({@code ltp}, {@code selftest}). */
    Map<String, List<String>> mirrors();

    /** A case, or one case per combination of its {@code for} lists. */
    record Case(String where, String id, Map<String, List<String>> axes, Map<String, String> fields,
                Map<String, List<String>> mirrors) implements CatalogEntry {
    }

    /** Entries sharing fields and {@code for} lists. */
    record Group(String where, Map<String, List<String>> axes, Map<String, String> fields,
                 Map<String, List<String>> mirrors, List<CatalogEntry> cases) implements CatalogEntry {
    }
}
