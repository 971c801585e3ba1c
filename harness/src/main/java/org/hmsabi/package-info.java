/**
 * The harness's root: the exceptions every layer throws (one line and an exit code each),
 * {@link org.hmsabi.Workspace} (where the repository, the cache and the results are) and
 * {@link org.hmsabi.LocalFiles}. The lowest layer: it imports no other hmsabi package.
 */
package org.hmsabi;
