package org.hmsabi.driver;

import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hmsabi.BadInputException;

/**
 * One parameter for a vendor module's insmod, written like the kernel command line's
 * {@code module.param=value}, e.g. {@code hmsabi_example.nid=2}.
 *
 * @param module the module's name (its file name without {@code .ko})
 * @param name   the parameter
 * @param value  its value, one insmod argument: printable, no spaces (the agent's request
 *               fields are separated by TAB, and insmod would split a quoted value anyway)
 */
public record ModuleParameter(String module, String name, String value) {

    private static final Pattern SYNTAX = Pattern.compile("([A-Za-z0-9_-]{1,64})\\.([A-Za-z0-9_]{1,64})=([\\x21-\\x7e]{0,256})");

    public ModuleParameter {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    /** Parses {@code module.param=value}; bad syntax is bad input naming the option. */
    public static ModuleParameter parse(String text) {
        Matcher matcher = SYNTAX.matcher(text);
        if (!matcher.matches()) {
            throw new BadInputException("--param " + text + ": write MODULE.PARAM=VALUE, e.g. hmsabi_example.nid=2"
                    + " (names of letters, digits and _; a value without spaces)");
        }
        return new ModuleParameter(matcher.group(1), matcher.group(2), matcher.group(3));
    }

    /** The insmod argument: {@code param=value}. */
    public String insmodArgument() {
        return name + "=" + value;
    }

    /** The parameters of one module, in the order given. */
    public static List<String> insmodArguments(List<ModuleParameter> parameters, String module) {
        return parameters.stream().filter(parameter -> sameModule(parameter.module(), module))
                .map(ModuleParameter::insmodArgument).toList();
    }

    /** Module names treat - and _ alike, as the kernel does. */
    public static boolean sameModule(String a, String b) {
        return a.replace('-', '_').equals(b.replace('-', '_'));
    }
}
