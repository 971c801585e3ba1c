package org.hmsabi.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.hmsabi.BadInputException;
import org.hmsabi.diff.Waivers;
import org.hmsabi.driver.DriverCheck;
import org.hmsabi.driver.DriverExpectation;
import org.hmsabi.report.DriverReports;
import org.hmsabi.driver.DriverResult;
import org.hmsabi.driver.DriverValidation;
import org.hmsabi.driver.ExpectationFile;
import org.hmsabi.driver.ModuleParameter;
import org.hmsabi.driver.NewMemoryCheck;
import org.hmsabi.hotplug.EventDiff;
import org.hmsabi.guest.GuestSpec;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.topology.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hmsabi validate-driver}: load a vendor's modules in a guest and check the memory they add. */
@Command(name = "validate-driver", mixinStandardHelpOptions = true,
        description = "Boot a kernel with vendor modules in the initramfs, load them, bring the memory they add online and "
                + "check it (load, taint, kernel log, new memory node, the promises of --expect). "
                + "Exit 0 ok, 1 a check failed, 2 bad input, 3 infrastructure.")
final class ValidateDriverCommand implements Callable<Integer> {
    /** The fixture whose device memory the example driver adds. */
    static final String DEFAULT_TOPOLOGY = "device-memory";
    private static final byte[] ELF = {0x7f, 'E', 'L', 'F'};

    @Spec
    CommandSpec spec;

    @Option(names = "--kernel", required = true, paramLabel = "REF", description = "debian:<abi>, debian:<series> or a bzImage path")
    String kernelRef;

    @Option(names = "--module", required = true, paramLabel = "FILE.ko",
            description = "a module to load, in load order; repeat for several")
    List<Path> modules;

    @Option(names = "--param", paramLabel = "MODULE.PARAM=VALUE",
            description = "a parameter for a module's insmod, e.g. hmsabi_example.nid=2; repeatable")
    List<String> parameters = new ArrayList<>();

    @Option(names = "--topology", paramLabel = "NAME|FILE", defaultValue = DEFAULT_TOPOLOGY,
            description = "the machine to boot (default: ${DEFAULT-VALUE})")
    String topologyRef;

    @Option(names = "--expect", paramLabel = "FILE", description = "what the modules promise (see vm-images/example-driver/expect.yaml)")
    Path expect;

    @Option(names = "--results", paramLabel = "DIR", description = "where reports go (default: target/hmsabi-results)")
    Path results;

    @Mixin
    GuestOptions guestOptions;

    /** Checks run after the expect file's: the hot-plug suite's, on every node that gained memory. */
    List<DriverCheck> extraChecks() {
        Path waivers = guestOptions.workspace().hotPlugWaivers();
        // Like the gate: without the file (a workspace outside a full checkout) nothing is waived.
        return List.of(new NewMemoryCheck(new EventDiff(Files.exists(waivers) ? Waivers.load(waivers) : Waivers.none())));
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        // Everything that can be wrong with the input is found before a guest boots.
        List<Path> moduleFiles = checkedModules(modules);
        List<ModuleParameter> moduleParameters = checkedParameters(parameters, moduleFiles);
        DriverExpectation expectation = expect == null ? DriverExpectation.none() : ExpectationFile.read(expect);
        Topology topology = guestOptions.topology(topologyRef);
        Kernel kernel = guestOptions.kernel(kernelRef, err);
        String command = reproduce(kernel);
        Instant started = Instant.now();
        err.printf("booting %s on %s with %d vendor module(s)...%n", kernel.reference(), topology.name(), moduleFiles.size());
        err.flush();
        GuestSpec guestSpec = guestOptions.guestSpec(kernel, topology);
        DriverResult result = new DriverValidation(extraChecks(), line -> {
            err.println(line);
            err.flush();
        }).run(guestSpec, kernel, topology, moduleFiles, moduleParameters, expectation);
        Path resultsDir = results != null ? results : guestOptions.workspace().resultsDir();
        DriverReports.write(result, command, started, resultsDir);
        spec.commandLine().getOut().print(DriverReports.text(result, command));
        spec.commandLine().getOut().flush();
        err.printf("validate-driver: reports in %s%n", resultsDir);
        return result.exitCode();
    }

    /** Each parameter is MODULE.PARAM=VALUE and names one of the modules given. */
    static List<ModuleParameter> checkedParameters(List<String> parameters, List<Path> modules) {
        List<String> names = modules.stream().map(GuestSpec::vendorModuleName)
                .map(name -> name.substring(0, name.length() - ".ko".length())).toList();
        List<ModuleParameter> checked = new ArrayList<>();
        for (String text : parameters) {
            ModuleParameter parameter = ModuleParameter.parse(text);
            if (names.stream().noneMatch(name -> ModuleParameter.sameModule(name, parameter.module()))) {
                throw new BadInputException("--param " + text + ": no --module is named " + parameter.module()
                        + "; the modules are " + names);
            }
            checked.add(parameter);
        }
        return checked;
    }

    /** Each module exists, is a .ko (or .ko.xz) ELF file, and its name is unique (it becomes a file in the guest). */
    static List<Path> checkedModules(List<Path> modules) {
        List<Path> checked = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Path module : modules) {
            String name = GuestSpec.vendorModuleName(module);
            if (!Files.isRegularFile(module)) {
                throw new BadInputException(module + ": no such module file; build it first (e.g. vm-images/example-driver/build REF)");
            }
            if (!name.matches("[A-Za-z0-9_.+-]{1,200}\\.ko")) {
                throw new BadInputException(module + ": not a kernel module file name (NAME.ko or NAME.ko.xz)");
            }
            if (!names.add(name)) {
                throw new BadInputException(module + ": a module named " + name + " is given twice; give each module once");
            }
            if (!module.toString().endsWith(".xz") && !startsWithElf(module)) {
                throw new BadInputException(module + ": not an ELF file; a kernel module is built by make -C <headers> M=<dir>");
            }
            checked.add(module.toAbsolutePath().normalize());
        }
        return checked;
    }

    private static boolean startsWithElf(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return java.util.Arrays.equals(in.readNBytes(4), ELF);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private String reproduce(Kernel kernel) {
        StringBuilder line = new StringBuilder("./hmsabi validate-driver --kernel ").append(kernel.exactReference());
        modules.forEach(module -> line.append(" --module ").append(module));
        parameters.forEach(parameter -> line.append(" --param ").append(parameter));
        line.append(" --topology ").append(topologyRef);
        Optional.ofNullable(expect).ifPresent(file -> line.append(" --expect ").append(file));
        return line.append(guestOptions.reproducingOptions()).toString();
    }
}
