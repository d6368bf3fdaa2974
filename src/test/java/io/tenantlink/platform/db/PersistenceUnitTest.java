package io.tenantlink.platform.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The persistence unit lists its classes (exclude-unlisted-classes: EclipseLink then reads only those at deployment,
 * not every class of the WAR): the list is exactly the portal's entities, embeddables, mapped superclasses and
 * converters, so a new entity cannot be forgotten.
 */
class PersistenceUnitTest {

    private static final List<String> MANAGED = List.of(
            "jakarta.persistence.Entity",
            "jakarta.persistence.Embeddable",
            "jakarta.persistence.MappedSuperclass",
            "jakarta.persistence.Converter");

    @Test
    void listsEveryManagedClassAndNothingElse() throws Exception {
        Set<String> annotated = new ClassFileImporter()
                .importPath(Path.of("target", "classes")).stream()
                        .filter(c -> MANAGED.stream().anyMatch(c::isAnnotatedWith))
                        .map(JavaClass::getName)
                        .collect(Collectors.toCollection(TreeSet::new));
        String xml = Files.readString(Path.of("src", "main", "resources", "META-INF", "persistence.xml"));
        Set<String> listed = Pattern.compile("<class>\\s*([\\w.$]+)\\s*</class>")
                .matcher(xml)
                .results()
                .map(m -> m.group(1))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(annotated, listed, "<class> entries of src/main/resources/META-INF/persistence.xml");
        assertEquals(true, xml.contains("<exclude-unlisted-classes>true</exclude-unlisted-classes>"));
    }
}
