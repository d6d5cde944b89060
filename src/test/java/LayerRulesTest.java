import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The layering of the architecture: store <- pipeline <- packaging stay headless and never reach up; the UI
 * never reaches into the entry points. Lives in the default package so it can see all of them.
 */
@AnalyzeClasses(packages = {"store", "pipeline", "packaging", "player", "timeline", "ui", "app"},
        importOptions = ImportOption.DoNotIncludeTests.class)
class LayerRulesTest {
    @ArchTest
    static final ArchRule headlessLayersDoNotUseJavaFx = noClasses()
            .that().resideInAnyPackage("store..", "pipeline..", "packaging..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..")
            .because("the pipeline also runs headless as the curio CLI");

    @ArchTest
    static final ArchRule headlessLayersDoNotReachUp = noClasses()
            .that().resideInAnyPackage("store..", "pipeline..", "packaging..")
            .should().dependOnClassesThat().resideInAnyPackage("ui..", "player..", "timeline..", "app..");

    @ArchTest
    static final ArchRule storeIsTheBase = noClasses()
            .that().resideInAnyPackage("store..")
            .should().dependOnClassesThat().resideInAnyPackage("pipeline..", "packaging..");

    @ArchTest
    static final ArchRule pipelineDoesNotDependOnPackaging = noClasses()
            .that().resideInAnyPackage("pipeline..")
            .should().dependOnClassesThat().resideInAnyPackage("packaging..");

    @ArchTest
    static final ArchRule uiNeverImportsApp = noClasses()
            .that().resideInAnyPackage("ui..", "player..", "timeline..")
            .should().dependOnClassesThat().resideInAnyPackage("app..");

    /** The catalog's tables are read and written in store only (pipeline reads SQLite bag files, which are raw data). */
    @ArchTest
    static final ArchRule onlyStoreTalksToTheCatalog = noClasses()
            .that().resideInAnyPackage("packaging..", "ui..", "player..", "timeline..", "app..")
            .should().dependOnClassesThat().resideInAnyPackage("java.sql..");
}
