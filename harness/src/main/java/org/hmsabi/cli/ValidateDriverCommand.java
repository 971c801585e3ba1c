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
import org.hmsabi.gate.CxlDriverValidation;
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
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hmsabi validate-driver}: load a vendor's modules in a guest and check the memory they add. */
@Command(name = "validate-driver", mixinStandardHelpOptions = true,
        description = "Boot a kernel with vendor modules in the initramfs, load them, bring the memory they add online and "
                + "check it (load, taint, kernel log, new memory node, the promises of --expect). "
                + "Exit 0 ok, 1 a check failed, 2 bad input, 3 infrastructure.",
        defaultValueProvider = ValidateDriverCommand.DeviceMemory.class,
        footer = {"", "The topology defaults to " + ValidateDriverCommand.DEFAULT_TOPOLOGY + ", the machine whose device memory",
                "the example driver adds.", "", "Example:",
                "  hmsabi validate-driver --kernel debian:6.12 \\",
                "      --module \"$(vm-images/example-driver/build debian:6.12)\" \\",
                "      --expect vm-images/example-driver/expect.yaml"})
final class ValidateDriverCommand implements Callable<Integer> {
    /** The fixture whose device memory the example driver adds. */
    static final String DEFAULT_TOPOLOGY = "device-memory";
    private static final byte[] ELF = {0x7f, 'E', 'L', 'F'};

    @Spec
    CommandSpec spec;

    @Option(names = "--kernel", required = true, paramLabel = "REF", description = "debian:<abi>, debian:<series> or a bzImage path")
    String kernelRef;

    @Option(names = "--module", paramLabel = "FILE.ko",
            description = "a module to load, in load order; repeat for several (none on a topology with a cxl: section:"
                    + " the kernel's CXL drivers bring the memory through a region)")
    List<Path> modules = new ArrayList<>();

    @Option(names = "--param", paramLabel = "MODULE.PARAM=VALUE",
            description = "a parameter for a module's insmod, e.g. hmsabi_example.nid=2; repeatable")
    List<String> parameters = new ArrayList<>();

    @Mixin
    TopologyOption topologyOption;

    @Option(names = "--expect", paramLabel = "FILE", description = "what the modules promise (see vm-images/example-driver/expect.yaml)")
    Path expect;

    @Mixin
    ResultsOption results;

    @Mixin
    GuestOptions guestOptions;

    /** The --topology default of this command: {@value #DEFAULT_TOPOLOGY}, not the machine other commands boot. */
    static final class DeviceMemory implements IDefaultValueProvider {
        @Override
        public String defaultValue(ArgSpec argument) {
            return argument instanceof OptionSpec option && option.longestName().equals("--topology") ? DEFAULT_TOPOLOGY : null;
        }
    }

    /** Checks run after the expect file's: the hot-plug suite's, on every node that gained memory. */
    List<DriverCheck> extraChecks() {
        // Like the gate: without the file (a workspace outside a full checkout) nothing is waived.
        return List.of(new NewMemoryCheck(new EventDiff(CliInputs.hotPlugWaivers(guestOptions.workspace()))));
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        // Everything that can be wrong with the input is found before a guest boots.
        List<Path> moduleFiles = checkedModules(modules);
        List<ModuleParameter> moduleParameters = checkedParameters(parameters, moduleFiles);
        DriverExpectation expectation = expect == null ? DriverExpectation.none() : ExpectationFile.read(expect);
        Topology topology = topologyOption.load(guestOptions.workspace());
        boolean cxlRegion = moduleFiles.isEmpty() && topology.cxl().isPresent();
        if (moduleFiles.isEmpty() && !cxlRegion) {
            throw new BadInputException("validate-driver: give --module FILE.ko (the driver that adds memory), or a --topology with a"
                    + " cxl: section (the kernel's CXL drivers add it through a region); " + topology.name() + " has none");
        }
        Kernel kernel = guestOptions.kernel(kernelRef, err);
        String command = reproduce(kernel);
        Instant started = Instant.now();
        if (cxlRegion) {
            err.printf("booting %s on %s: the memory comes from a CXL region (the cxl suite), judged by %s...%n", kernel.reference(),
                    topology.name(), expectation.source());
            err.flush();
            DriverResult result = CxlDriverValidation.run(guestOptions.guestSpec(kernel, topology), kernel, topology, expectation,
                    CliInputs.hotPlugWaivers(guestOptions.workspace()), line -> {
                        err.println(line);
                        err.flush();
                    });
            return report(result, command, started, err);
        }
        err.printf("booting %s on %s with %d vendor module(s)...%n", kernel.reference(), topology.name(), moduleFiles.size());
        err.flush();
        GuestSpec guestSpec = guestOptions.guestSpec(kernel, topology);
        DriverResult result = new DriverValidation(extraChecks(), line -> {
            err.println(line);
            err.flush();
        }).run(guestSpec, kernel, topology, moduleFiles, moduleParameters, expectation);
        return report(result, command, started, err);
    }

    private int report(DriverResult result, String command, Instant started, PrintWriter err) {
        Path resultsDir = results.dir(guestOptions.workspace());
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
        line.append(" --topology ").append(topologyOption.name);
        Optional.ofNullable(expect).ifPresent(file -> line.append(" --expect ").append(file));
        return line.append(guestOptions.reproducingOptions()).toString();
    }
}
