package io.contmig.testkit;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The repository documents itself: every module of the root POM has a README.md, every main package a
 * package-info.java, and no source or README points at a document that is not in the repository (design notes and
 * references kept outside it). Reads the source tree from this module's parent directory.
 */
class RepositoryDocsTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Pattern OUTSIDE = Pattern.compile(
            "\\b(?:DESIGN|CONTRACTS|SCENARIO|STYLE|COMPONENTS)\\.md\\b|\\b(?:reference|research)/[\\w.-]+\\.md|/work/s[h]ared");

    private static List<String> modules() throws IOException {
        Matcher m = MODULE.matcher(Files.readString(ROOT.resolve("pom.xml")));
        List<String> modules = new ArrayList<>();
        while (m.find()) {
            modules.add(m.group(1));
        }
        assertThat(modules).as("modules of " + ROOT.resolve("pom.xml")).isNotEmpty();
        return modules;
    }

    @Test
    void everyModuleHasAReadme() throws IOException {
        assertThat(modules()).allSatisfy(module ->
                assertThat(ROOT.resolve(module).resolve("README.md")).as(module + "/README.md").isRegularFile());
    }

    @Test
    void everyMainPackageHasAPackageInfo() throws IOException {
        List<String> missing = new ArrayList<>();
        for (String module : modules()) {
            Path sources = ROOT.resolve(module).resolve("src/main/java");
            if (!Files.isDirectory(sources)) {
                continue;
            }
            try (Stream<Path> dirs = Files.walk(sources)) {
                for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                    if (hasJavaClasses(dir) && !Files.exists(dir.resolve("package-info.java"))) {
                        missing.add(ROOT.relativize(dir).toString());
                    }
                }
            }
        }
        assertThat(missing).as("main packages without package-info.java").isEmpty();
    }

    private static boolean hasJavaClasses(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.toString().endsWith(".java") && !f.endsWith("package-info.java"));
        }
    }

    @Test
    void noSourceOrReadmePointsAtADocumentOutsideTheRepository() throws IOException {
        List<String> found = new ArrayList<>();
        for (String module : modules()) {
            try (Stream<Path> files = Files.walk(ROOT.resolve(module))) {
                Path base = ROOT.resolve(module);
                for (Path f : files.filter(f -> isDocumented(base, f)).toList()) {
                    List<String> lines = Files.readAllLines(f);
                    for (int i = 0; i < lines.size(); i++) {
                        if (OUTSIDE.matcher(lines.get(i)).find()) {
                            found.add(ROOT.relativize(f) + ":" + (i + 1) + ": " + lines.get(i).strip());
                        }
                    }
                }
            }
        }
        assertThat(found).as("references to documents outside the repository").isEmpty();
    }

    private static boolean isDocumented(Path module, Path f) {
        String name = f.getFileName().toString();
        boolean built = module.relativize(f).getName(0).toString().equals("target");
        return !built && Files.isRegularFile(f)
                && (name.endsWith(".java") || name.equals("README.md") || name.endsWith(".groovy"));
    }
}
