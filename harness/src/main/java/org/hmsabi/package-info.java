/**
 * The harness's root: the exceptions every layer throws (one line and an exit code each),
 * {@link org.hmsabi.Workspace} (where the repository, the cache and the results are),
 * {@link org.hmsabi.LocalFiles} and {@link org.hmsabi.Messages} (a message's first line). The
 * lowest layer: it imports no other hmsabi package.
 */
package org.hmsabi;
