package io.pigateway.cli;
public class PiGwCli { public static void main(String[] a) {} }
