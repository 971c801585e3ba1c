package org.hmsabi.kernel;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code kernel.json} in a cache entry: which package it holds (checked against the index on
 * reuse) and where the kernel's pieces are, relative to the entry. Its presence is what makes
 * an entry valid. Nullable fields because this is the JSON shape; {@link CachedKernel} is the
 * typed view.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"schema", "package", "version", "sha256", "sizeBytes", "release", "image", "modules", "config"})
record CacheManifest(
        @JsonProperty("schema") int schema,
        @JsonProperty("package") String packageName,
        @JsonProperty("version") String version,
        @JsonProperty("sha256") String sha256,
        @JsonProperty("sizeBytes") long sizeBytes,
        @JsonProperty("release") String release,
        @JsonProperty("image") String image,
        @JsonProperty("modules") String modules,
        @JsonProperty("config") String config) {

    static final int SCHEMA = 1;

    static CacheManifest of(DebianPackage pkg, KernelTree tree) {
        return new CacheManifest(SCHEMA, pkg.name(), pkg.version(), pkg.sha256(), pkg.sizeBytes(),
                tree.release(), tree.image().toString(),
                tree.modulesDir().map(Path::toString).orElse(null),
                tree.config().map(Path::toString).orElse(null));
    }

    DebianPackage debianPackage() {
        return new DebianPackage(packageName, version, sha256, sizeBytes);
    }

    KernelTree tree() {
        return new KernelTree(release, Path.of(image),
                Optional.ofNullable(modules).map(Path::of), Optional.ofNullable(config).map(Path::of));
    }
}
