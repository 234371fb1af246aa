package dev.orderflow.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.orderflow.harness.FunctionProcess;
import dev.orderflow.harness.Project;

/** The command line of {@link Bench}, parsed once; every benchmark reads its sizes from here. */
record Options(String benchmark, boolean smoke, Path out, List<String> functions, int runs, List<String> args) {

    static final List<String> BENCHMARKS = List.of("cold-start", "throughput", "e2e", "all");
    static final String USAGE = "usage: scripts/run.sh bench <cold-start|throughput|e2e|all> [--smoke] [--out DIR]"
            + " [--functions a,b] [--runs N]\n"
            + "  --smoke          every benchmark in a few seconds (tiny durations, 1 run, one function): keeps the\n"
            + "                   suite working; the figures mean nothing\n"
            + "  --out DIR        where the CSV files and the chart go (default tests/target/bench)\n"
            + "  --functions a,b  the functions of the cold-start benchmark (default all five); the first is the one the\n"
            + "                   throughput benchmark loads (default order-validator; --smoke: payment)\n"
            + "  --runs N         repetitions of each cold start and throughput measurement (default 3; --smoke 1)";

    static Options parse(String... argv) {
        List<String> args = List.of(argv);
        if (args.isEmpty() || !BENCHMARKS.contains(args.get(0))) {
            throw new IllegalArgumentException(args.isEmpty() ? "name a benchmark" : "unknown benchmark '" + args.get(0) + "'");
        }
        boolean smoke = false;
        Path out = Project.ROOT.resolve("tests/target/bench");
        List<String> functions = null;
        Integer runs = null;
        for (int i = 1; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--smoke" -> smoke = true;
                case "--out" -> out = Path.of(value(args, ++i, arg)).toAbsolutePath().normalize();
                case "--functions" -> functions = functions(value(args, ++i, arg));
                case "--runs" -> runs = positive(value(args, ++i, arg));
                default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
            }
        }
        if (functions == null) {
            // A smoke run loads the step the throughput benchmark's plain Funqy peer implements, so it runs too.
            functions = smoke ? List.of(ThroughputBench.PEER_STEP) : FunctionProcess.ALL;
        } else if (smoke) {
            functions = functions.subList(0, 1);
        }
        int repetitions = runs != null ? runs : smoke ? 1 : 3;
        return new Options(args.get(0), smoke, out, List.copyOf(functions), repetitions, args);
    }

    boolean includes(String name) {
        return benchmark.equals("all") || benchmark.equals(name);
    }

    /** The function the throughput benchmark loads. */
    String loadedFunction() {
        return functions.get(0);
    }

    /** The command that reproduces this run, to print beside its figures. */
    String command() {
        List<String> words = new ArrayList<>(List.of("scripts/run.sh", "bench"));
        args.forEach(a -> words.add(a.matches("[A-Za-z0-9_./,=:-]+") ? a : "'" + a.replace("'", "'\\''") + "'"));
        return String.join(" ", words);
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }

    private static List<String> functions(String list) {
        List<String> functions = Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        for (String f : functions) {
            if (!FunctionProcess.ALL.contains(f)) {
                throw new IllegalArgumentException("unknown function '" + f + "' (functions: "
                        + String.join(",", FunctionProcess.ALL) + ")");
            }
        }
        if (functions.isEmpty()) {
            throw new IllegalArgumentException("--functions names no function");
        }
        return functions;
    }

    private static int positive(String value) {
        try {
            int runs = Integer.parseInt(value);
            if (runs >= 1) {
                return runs;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--runs takes a positive number, not '" + value + "'");
    }
}
