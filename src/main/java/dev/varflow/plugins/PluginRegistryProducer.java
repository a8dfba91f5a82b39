package dev.varflow.plugins;

import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.jboss.logging.Logger;

import dev.varflow.VarflowConfig;

/** Makes the plugin registry (built-ins plus the plugins folder) available for injection. */
@ApplicationScoped
public class PluginRegistryProducer {

    private static final Logger LOG = Logger.getLogger(PluginRegistryProducer.class);

    @Produces
    @ApplicationScoped
    PluginRegistry registry(VarflowConfig config) {
        PluginRegistry registry = PluginRegistry.load(Path.of(config.pluginsDir()),
                ProcessEnvironment.of(config.worker().processEnv().allow()));
        registry.loadErrors().forEach(error -> LOG.error("plugin not loaded: " + error));
        return registry;
    }
}
