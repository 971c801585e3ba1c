package org.hmsabi.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cxl tool's package list, the archive's answers about it, and what the guest gets. */
class CxlToolPackagesTest {

    @Test
    void theShippedListNamesTheToolAndLibc() {
        assertThat(CxlToolPackages.packageNames()).contains("cxl", "libcxl1", "libc6").doesNotHaveDuplicates();
    }

    @Test
    void aLineThatIsNoPackageNameIsRefusedNamingTheFile() {
        assertThat(CxlToolPackages.packageNames("# comment\ncxl  # the tool\n\nlibc6\n", "f")).containsExactly("cxl", "libc6");
        assertThatThrownBy(() -> CxlToolPackages.packageNames("cxl; rm -rf /\n", "cxl-tool.packages"))
                .hasMessage("cxl-tool.packages: 'cxl; rm -rf /' is no Debian package name; fix the line");
        assertThatThrownBy(() -> CxlToolPackages.packageNames("# nothing\n", "cxl-tool.packages"))
                .hasMessageContaining("names no package");
    }

    @Test
    void theVersionIsTheOneOfTheSuiteAsked() {
        String madison = """
                     ndctl |       85-1 | http://deb.debian.org/debian sid/main amd64 Packages
                     ndctl |       81-1 | http://deb.debian.org/debian trixie/main amd64 Packages
                     ndctl |     76.1-1 | http://deb.debian.org/debian bookworm/main amd64 Packages
                """;

        assertThat(AptArchive.madisonVersion(madison, "ndctl", "trixie")).hasValue("81-1");
        assertThat(AptArchive.madisonVersion(madison, "ndctl", "forky")).isEmpty();
        assertThat(AptArchive.madisonVersion(madison, "cxl", "trixie")).isEmpty();
        assertThat(AptArchive.madisonVersion(" ndctl | 9 | http://x trixie-backports/main amd64 Packages", "ndctl", "trixie")).isEmpty();
    }

    @Test
    void neededLibrariesComeFromReadelf() {
        String readelf = """
                 0x0000000000000001 (NEEDED)             Shared library: [libcxl.so.1]
                 0x0000000000000001 (NEEDED)             Shared library: [libc.so.6]
                 0x000000000000000e (SONAME)             Library soname: [libx.so.1]
                 0x0000000000000001 (NEEDED)             Shared library: [../../evil.so]
                """;

        assertThat(CxlToolPackages.neededFrom(readelf)).containsExactly("libcxl.so.1", "libc.so.6");
    }

    @Test
    void aNewVersionOfAnyPackageIsAnotherCacheDirectory() {
        assertThat(CxlToolPackages.key(java.util.List.of("cxl 81-1", "libc6 2.41-12"))).hasSize(16)
                .isNotEqualTo(CxlToolPackages.key(java.util.List.of("cxl 81-2", "libc6 2.41-12")));
    }

    @Test
    void onlyACompleteUnpackIsCached(@TempDir Path cache) throws Exception {
        assertThat(CxlToolPackages.cached(cache)).isEmpty();
        Path partial = Files.createDirectories(cache.resolve("tools/cxl-trixie-0000000000000001/root"));
        assertThat(CxlToolPackages.cached(cache)).isEmpty();

        Files.writeString(partial.getParent().resolve("complete"), "cxl 81-1\n");
        assertThat(CxlToolPackages.cached(cache)).isEqualTo(Optional.of(partial));
    }

    @Test
    void aRootWithoutTheToolIsRefusedSayingWhatToDelete(@TempDir Path root) {
        assertThatThrownBy(() -> CxlToolPackages.guestFiles(root)).hasMessageStartingWith(root + " has no usr/bin/cxl; delete");
    }
}
