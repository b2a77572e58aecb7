package io.svc4j.supervisor;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

/**
 * No package of the supervisor depends, directly or through others, on a package that depends on
 * it: every package is its own slice (the root package and sub-packages such as {@code windows.acl}
 * included, unlike ArchUnit's usual {@code (*)..} slicing, which would hide cycles inside a
 * subtree). Runs with the module's tests: {@code mvn -pl supervisor -am test
 * -Dtest=PackageCyclesTest}.
 */
class PackageCyclesTest {

  private static final String ROOT = "io.svc4j.supervisor";

  /** Each package of the supervisor is one slice; classes outside it are not sliced. */
  private static final SliceAssignment EACH_PACKAGE =
      new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
          String pkg = javaClass.getPackageName();
          return pkg.equals(ROOT) || pkg.startsWith(ROOT + ".")
              ? SliceIdentifier.of(pkg)
              : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
          return "each package of " + ROOT;
        }
      };

  private static final JavaClasses PRODUCTION =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages(ROOT);

  @Test
  void noPackageDependsOnItselfThroughOthers() {
    slices().assignedFrom(EACH_PACKAGE).should().beFreeOfCycles().check(PRODUCTION);
  }

  /** The OS SPI names no implementation: they register through ServiceLoader. */
  @Test
  void theOsSpiNamesNoImplementation() {
    ArchRuleDefinition.noClasses()
        .that()
        .resideInAPackage(ROOT + ".os")
        .should()
        .dependOnClassesThat(
            DescribedPredicate.describe(
                "are in linux or windows",
                (JavaClass c) ->
                    c.getPackageName().startsWith(ROOT + ".linux")
                        || c.getPackageName().startsWith(ROOT + ".windows")))
        .check(PRODUCTION);
  }
}
