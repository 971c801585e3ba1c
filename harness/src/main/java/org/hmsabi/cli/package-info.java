/**
 * The command line ({@link org.hmsabi.cli.Main}): picocli commands that parse options, call the
 * layers below and print. The top layer: it may use every other package, and none uses it.
 */
package org.hmsabi.cli;
