package org.hmsabi.kernel;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code kernel.json} in a cache entry: which packages it holds (checked against the pins or the
 * index on reuse), which companion packages the index lacked, where the kernel's pieces are, and
 * the size and SHA-256 of every file as unpacked, so damage is found on use. Its presence is what
 * makes an entry valid. Nullable fields because this is the JSON shape; {@link CachedKernel} is
 * the typed view.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"schema", "packages", "missing", "release", "image", "modules", "config", "files"})
record CacheManifest(
        @JsonProperty("schema") int schema,
        @JsonProperty("packages") List<Fetched> packages,
        @JsonProperty("missing") List<String> missing,
        @JsonProperty("release") String release,
        @JsonProperty("image") String image,
        @JsonProperty("modules") String modules,
        @JsonProperty("config") String config,
        @JsonProperty("files") Map<String, FileSum> files) {

    static final int SCHEMA = 2;

    /** One package as it was verified. */
    @JsonPropertyOrder({"package", "version", "sha256", "sizeBytes"})
    record Fetched(@JsonProperty("package") String name, @JsonProperty("version") String version,
                   @JsonProperty("sha256") String sha256, @JsonProperty("sizeBytes") long sizeBytes) {
        DebianPackage toPackage() {
            return new DebianPackage(name, version, sha256, sizeBytes);
        }
    }

    /** A file's size and SHA-256 when it was unpacked. */
    record FileSum(@JsonProperty("size") long size, @JsonProperty("sha256") String sha256) {}

    static CacheManifest of(List<DebianPackage> packages, List<String> missing, KernelTree tree, Map<String, FileSum> files) {
        return new CacheManifest(SCHEMA,
                packages.stream().map(p -> new Fetched(p.name(), p.version(), p.sha256(), p.sizeBytes())).toList(),
                List.copyOf(missing), tree.release(), tree.image().toString(),
                tree.modulesDir().map(Path::toString).orElse(null),
                tree.config().map(Path::toString).orElse(null),
                Map.copyOf(files));
    }

    List<DebianPackage> debianPackages() {
        return packages.stream().map(Fetched::toPackage).toList();
    }

    KernelTree tree() {
        return new KernelTree(release, Path.of(image),
                Optional.ofNullable(modules).map(Path::of), Optional.ofNullable(config).map(Path::of));
    }
}
