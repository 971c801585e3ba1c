package org.hmsabi.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class IgnoredParametersTest {

    @Test
    void aParameterTheKernelLoggedAsUnknownIsIgnoredOnlyForItsModule() {
        List<ModuleParameter> parameters = List.of(ModuleParameter.parse("vendor_mem.nid=2"),
                ModuleParameter.parse("vendor_mem.typo=1"), ModuleParameter.parse("other.typo=1"));
        String log = "[    3.1] vendor_mem: unknown parameter 'typo' ignored\n[    3.2] vendor_mem: added 256M to node 2\n";

        assertThat(DriverValidation.ignoredParameters(log, "vendor-mem", parameters)).containsExactly("typo");
        assertThat(DriverValidation.ignoredParameters("", "vendor-mem", parameters)).isEmpty();
        assertThat(DriverValidation.ignoredParameters(log, "third", parameters)).isEmpty();
    }
}
