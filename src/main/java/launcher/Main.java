package launcher;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * {@code java -jar microblog.war COMMAND}: the WAR's Main-Class, at the WAR's root as Jenkins does it. A JVM cannot
 * load jars nested in a jar, so this unpacks {@code WEB-INF/classes} and {@code WEB-INF/lib} into a temporary folder
 * of its own (readable by this user only), puts them on a class loader and hands over to {@code microblog.cli.Cli}.
 * Only the JDK here. Containers neither load nor serve it: it lies outside WEB-INF, and the app answers 404 for
 * every path that is not one of its routes or static files.
 */
public final class Main {
    private static final String CLASSES = "WEB-INF/classes/";
    private static final String LIB = "WEB-INF/lib/";

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Path war = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path folder = Files.createTempDirectory("microblog-cli-");
        int status;
        try {
            URL[] classPath = unpack(war, folder);
            // The platform loader as parent: the app sees the JDK and its own WAR contents, nothing of this jar.
            try (URLClassLoader loader = new URLClassLoader("microblog", classPath,
                    ClassLoader.getPlatformClassLoader())) {
                Thread.currentThread().setContextClassLoader(loader);
                status = (Integer) loader.loadClass("microblog.cli.Cli").getMethod("run", String[].class)
                        .invoke(null, (Object) args);
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        } finally {
            delete(folder);
        }
        System.exit(status);
    }

    private static URL[] unpack(Path war, Path folder) throws IOException {
        List<URL> classPath = new ArrayList<>();
        try (ZipFile zip = new ZipFile(war.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                boolean wanted = name.startsWith(CLASSES) || name.startsWith(LIB) && name.endsWith(".jar");
                Path target = folder.resolve(name).normalize();
                if (entry.isDirectory() || !wanted || !target.startsWith(folder)) {
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, target);
                }
                if (name.startsWith(LIB)) {
                    classPath.add(target.toUri().toURL());
                }
            }
        }
        // A folder's URL must end with a slash, which toUri() gives only once the folder exists.
        Path classes = Files.createDirectories(folder.resolve(CLASSES));
        classPath.add(0, classes.toUri().toURL());
        return classPath.toArray(URL[]::new);
    }

    private static void delete(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
