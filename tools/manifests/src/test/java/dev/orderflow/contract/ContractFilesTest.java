package dev.orderflow.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import dev.orderflow.events.EventCatalog;
import dev.orderflow.events.EventTypes;
import dev.orderflow.events.Order;
import dev.orderflow.events.OrderPlacedV2;
import dev.orderflow.manifest.ManifestFixtures;

/** The published contract is what the code says: regenerated, it equals the committed files. */
class ContractFilesTest {

    static final Path ROOT = ManifestFixtures.repositoryDirectory();

    @Test
    void shouldHaveEveryContractFileAsGeneratedFromTheCode() throws IOException {
        Map<String, String> rendered = ContractFiles.render(ROOT);

        for (Map.Entry<String, String> file : rendered.entrySet()) {
            Path committed = ROOT.resolve(file.getKey());
            assertThat(committed).as("%s exists (run scripts/run.sh manifests)", file.getKey()).isRegularFile();
            assertThat(Files.readString(committed)).as("%s is up to date (run scripts/run.sh manifests)", file.getKey())
                    .isEqualTo(file.getValue());
        }
        try (var schemas = Files.list(ROOT.resolve(ContractFiles.SCHEMAS))) {
            assertThat(schemas.map(p -> ContractFiles.SCHEMAS + "/" + p.getFileName()))
                    .as("no schema of a type the catalogue does not have").allMatch(rendered::containsKey);
        }
    }

    @Test
    void shouldListEveryEventTypeOfTheCodeInTheCatalogue() throws IllegalAccessException {
        List<String> types = new ArrayList<>();
        for (Field field : EventTypes.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                types.add((String) field.get(null));
            }
        }

        assertThat(EventCatalog.ENTRIES).extracting(EventCatalog.Entry::type).containsExactlyInAnyOrderElementsOf(types);
    }

    @Test
    void shouldRequireEveryFieldOfTheRecordAndNoOther() {
        for (EventCatalog.Entry entry : EventCatalog.ENTRIES) {
            JsonNode schema = JsonSchemas.of(entry);
            List<String> fields = List.of(entry.data().getRecordComponents()).stream().map(RecordComponent::getName)
                    .toList();

            assertThat(schema.path("properties").fieldNames()).toIterable().as(entry.type())
                    .containsExactlyElementsOf(fields);
            assertThat(schema.path("required")).extracting(JsonNode::asText).as(entry.type())
                    .containsExactlyElementsOf(JsonSchemas.narrowsRequired(entry.data())
                            ? JsonSchemas.requiredOf(entry.data()) : fields);
        }
        assertThat(JsonSchemas.requiredOf(Order.class)).containsExactly("orderId");
        assertThat(JsonSchemas.requiredOf(OrderPlacedV2.class)).containsExactly("orderId", "channel");
        JsonNode placed = JsonSchemas.of(EventCatalog.of(EventTypes.ORDER_PLACED));
        assertThat(placed.at("/properties/lines/items/required").isMissingNode()).as("order.placed tolerates gaps")
                .isTrue();
        JsonNode validated = JsonSchemas.of(EventCatalog.of(EventTypes.ORDER_VALIDATED));
        assertThat(validated.at("/properties/order/properties/lines/items/required")).extracting(JsonNode::asText)
                .containsExactly("sku", "quantity", "unitPrice");
        assertThat(validated.at("/properties/order/properties/lines/items/properties/unitPrice/type").asText())
                .isEqualTo("number");
    }

    @Test
    void shouldRefuseDataThatLacksAFieldOrHasTheWrongType() throws IOException {
        JsonSchema rejected = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                .getSchema(JsonSchemas.of(EventCatalog.of(EventTypes.ORDER_REJECTED)));
        ObjectMapper json = new ObjectMapper();

        assertThat(rejected.validate(json.readTree("{\"orderId\":\"o-1\",\"reasons\":[\"no lines\"],\"new\":1}")))
                .as("a field the record does not know is allowed").isEmpty();
        assertThat(rejected.validate(json.readTree("{\"orderId\":\"o-1\"}")))
                .extracting(ValidationMessage::getMessage).singleElement().asString().contains("reasons");
        assertThat(rejected.validate(json.readTree("{\"orderId\":\"o-1\",\"reasons\":\"no lines\"}")))
                .extracting(ValidationMessage::getMessage).singleElement().asString().contains("array");
    }

    @Test
    void shouldDescribeWhoSendsAndWhoReceivesEachTypeInAsyncApi() throws IOException {
        JsonNode doc = new YAMLMapper().readTree(ROOT.resolve(ContractFiles.ASYNCAPI).toFile());

        assertThat(doc.path("asyncapi").asText()).isEqualTo(AsyncApi.VERSION);
        assertThat(doc.path("components").path("messages").fieldNames()).toIterable()
                .containsExactlyElementsOf(EventCatalog.ENTRIES.stream().map(EventCatalog.Entry::type).toList());
        assertThat(doc.path("operations").fieldNames()).toIterable().contains(
                "shop.send." + EventTypes.ORDER_PLACED,
                "order-validator.receive." + EventTypes.ORDER_PLACED,
                "payment.receive." + EventTypes.ORDER_VALIDATED,
                "payment.receive." + EventTypes.INVENTORY_UNAVAILABLE,
                "order-notifier.receive." + EventTypes.PAYMENT_REFUNDED,
                "order-notifier.send." + EventTypes.ORDER_CANCELLED);
        assertThat(new ObjectMapper().readTree(ROOT.resolve(ContractFiles.schemaFile(EventTypes.ORDER_PLACED))
                .toFile()).path("$id").asText()).isEqualTo(EventCatalog.schemaOf(EventTypes.ORDER_PLACED));
    }
}
