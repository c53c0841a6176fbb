package io.pigateway.bench;

/** One line of the result table. */
record Row(String scenario, String measured, String budget, String verdict) {
    static Row of(String scenario, String measured, String budget, boolean met) {
        return new Row(scenario, measured, budget, met ? "meets" : "MISSES");
    }

    static Row info(String scenario, String measured) {
        return new Row(scenario, measured, "-", "");
    }
}
