package dev.varflow.editor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.elk.alg.layered.options.LayeredMetaDataProvider;
import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.alg.layered.options.OrderingStrategy;
import org.eclipse.elk.core.RecursiveGraphLayoutEngine;
import org.eclipse.elk.core.data.LayoutMetaDataService;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.options.EdgeLabelPlacement;
import org.eclipse.elk.core.options.EdgeRouting;
import org.eclipse.elk.core.options.PortConstraints;
import org.eclipse.elk.core.options.PortSide;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkBendPoint;
import org.eclipse.elk.graph.ElkConnectableShape;
import org.eclipse.elk.graph.ElkEdge;
import org.eclipse.elk.graph.ElkEdgeSection;
import org.eclipse.elk.graph.ElkLabel;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.ElkPort;
import org.eclipse.elk.graph.util.ElkGraphUtil;

import dev.varflow.editor.GraphBuilder.Graph;
import dev.varflow.editor.GraphBuilder.Link;
import dev.varflow.editor.GraphBuilder.TaskShape;

/**
 * Lays a workflow's graph out with Eclipse ELK Layered, left to right: inputs as ports on a task's left side,
 * outputs on its right, in the order the file lists them; edge labels placed by ELK so they do not overlap nodes.
 */
final class ElkLayout {

    private static final double CHAR_WIDTH = 7.5;
    private static final double PORT_PITCH = 18;
    private static final double PORT_SIZE = 8;
    /** Room for the task's name and plugin above its ports. */
    private static final double HEADER = 38;

    static {
        LayoutMetaDataService.getInstance().registerLayoutMetaDataProviders(new LayeredMetaDataProvider());
    }

    private ElkLayout() {
    }

    static GraphView layout(Graph graph) {
        ElkNode root = ElkGraphUtil.createGraph();
        root.setProperty(CoreOptions.ALGORITHM, LayeredOptions.ALGORITHM_ID);
        root.setProperty(CoreOptions.DIRECTION, Direction.RIGHT);
        root.setProperty(CoreOptions.EDGE_ROUTING, EdgeRouting.ORTHOGONAL);
        root.setProperty(CoreOptions.SPACING_NODE_NODE, 28.0);
        root.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, 40.0);
        root.setProperty(LayeredOptions.SPACING_EDGE_NODE_BETWEEN_LAYERS, 12.0);
        root.setProperty(LayeredOptions.CONSIDER_MODEL_ORDER_STRATEGY,
                OrderingStrategy.NODES_AND_EDGES);
        root.setProperty(CoreOptions.PADDING, new org.eclipse.elk.core.math.ElkPadding(16));

        Map<String, ElkNode> nodes = new HashMap<>();
        Map<String, ElkPort> inPorts = new HashMap<>();
        Map<String, ElkPort> outPorts = new HashMap<>();
        for (String variable : graph.externals()) {
            String label = graph.env().contains(variable) ? "env: " + variable : variable;
            ElkNode node = node(root, "var:" + variable, width(label, 0), 28);
            nodes.put("var:" + variable, node);
            outPorts.put("var:" + variable + "/" + variable, port(node, PortSide.EAST, 0));
        }
        for (TaskShape task : graph.tasks()) {
            int ports = Math.max(task.inputs().size(), task.outputs().size());
            double portText = (longest(task.inputs()) + longest(task.outputs())) * 6.6 + 40;
            // The plugin line also shows the task's state in a run, e.g. "cmd · SUCCEEDED".
            double width = Math.max(Math.max(width(task.name(), 0), width(task.plugin() + " · RETRY_WAIT", 0)),
                    portText);
            ElkNode node = node(root, task.name(), width, HEADER + Math.max(1, ports) * PORT_PITCH + 6);
            nodes.put(task.name(), node);
            for (int i = 0; i < task.inputs().size(); i++) {
                inPorts.put(task.name() + "/" + task.inputs().get(i), port(node, PortSide.WEST, i));
            }
            for (int i = 0; i < task.outputs().size(); i++) {
                outPorts.put(task.name() + "/" + task.outputs().get(i), port(node, PortSide.EAST, i));
            }
        }
        Map<ElkEdge, Link> edges = new java.util.LinkedHashMap<>();
        for (Link link : graph.links()) {
            ElkConnectableShape source;
            ElkConnectableShape target;
            if (link.kind() == GraphView.EdgeKind.AFTER) {
                source = nodes.get(link.from());
                target = nodes.get(link.to());
            } else {
                ElkPort exact = outPorts.get(link.from() + "/" + link.variable());
                source = exact != null ? exact : outPorts.get(link.from() + "/*");
                target = inPorts.get(link.to() + "/" + link.variable());
            }
            ElkEdge edge = ElkGraphUtil.createSimpleEdge(source, target);
            String text = link.kind() == GraphView.EdgeKind.AFTER ? "after" : link.variable();
            ElkLabel label = ElkGraphUtil.createLabel(text, edge);
            label.setDimensions(text.length() * 6.6 + 8, 14);
            label.setProperty(CoreOptions.EDGE_LABELS_PLACEMENT, EdgeLabelPlacement.CENTER);
            edges.put(edge, link);
        }
        new RecursiveGraphLayoutEngine().layout(root, new BasicProgressMonitor());
        return view(graph, root, nodes, edges);
    }

    private static GraphView view(Graph graph, ElkNode root, Map<String, ElkNode> nodes, Map<ElkEdge, Link> edges) {
        Map<String, Set<String>> successors = GraphBuilder.successors(graph);
        Map<String, Set<String>> predecessors = GraphBuilder.predecessors(graph);
        List<GraphView.Node> result = new ArrayList<>();
        for (String variable : graph.externals()) {
            ElkNode node = nodes.get("var:" + variable);
            String label = graph.env().contains(variable) ? "env: " + variable : variable;
            result.add(new GraphView.Node("var:" + variable, GraphView.NodeKind.VARIABLE, label, null, node.getX(),
                    node.getY(), node.getWidth(), node.getHeight(), List.of(),
                    List.of(portView(variable, node.getPorts().get(0))), false, false, 0, 0));
        }
        for (TaskShape task : graph.tasks()) {
            ElkNode node = nodes.get(task.name());
            List<ElkPort> ports = node.getPorts();
            List<GraphView.Port> inputs = new ArrayList<>();
            List<GraphView.Port> outputs = new ArrayList<>();
            for (int i = 0; i < task.inputs().size(); i++) {
                inputs.add(portView(task.inputs().get(i), ports.get(i)));
            }
            for (int i = 0; i < task.outputs().size(); i++) {
                outputs.add(portView(task.outputs().get(i), ports.get(task.inputs().size() + i)));
            }
            result.add(new GraphView.Node(task.name(), GraphView.NodeKind.TASK, task.name(), task.plugin(),
                    node.getX(), node.getY(), node.getWidth(), node.getHeight(), inputs, outputs,
                    successors.getOrDefault(task.name(), Set.of()).size() > 1,
                    predecessors.getOrDefault(task.name(), Set.of()).size() > 1, task.line(), task.endLine()));
        }
        List<GraphView.Edge> edgeViews = new ArrayList<>();
        edges.forEach((edge, link) -> {
            List<GraphView.Point> points = new ArrayList<>();
            for (ElkEdgeSection section : edge.getSections()) {
                points.add(new GraphView.Point(section.getStartX(), section.getStartY()));
                for (ElkBendPoint bend : section.getBendPoints()) {
                    points.add(new GraphView.Point(bend.getX(), bend.getY()));
                }
                points.add(new GraphView.Point(section.getEndX(), section.getEndY()));
            }
            ElkLabel label = edge.getLabels().get(0);
            edgeViews.add(new GraphView.Edge(link.from() + "->" + link.to() + ":" + link.variable(), link.kind(),
                    link.from(), link.to(), link.variable(), points, label.getX(), label.getY()));
        });
        return new GraphView(result, edgeViews, root.getWidth(), root.getHeight());
    }

    private static ElkNode node(ElkNode root, String id, double width, double height) {
        ElkNode node = ElkGraphUtil.createNode(root);
        node.setIdentifier(id);
        node.setDimensions(width, height);
        node.setProperty(CoreOptions.PORT_CONSTRAINTS, PortConstraints.FIXED_POS);
        return node;
    }

    /** Ports sit at fixed places below the node's title, so the browser can print their names beside them. */
    private static ElkPort port(ElkNode node, PortSide side, int index) {
        ElkPort port = ElkGraphUtil.createPort(node);
        port.setDimensions(PORT_SIZE, PORT_SIZE);
        port.setProperty(CoreOptions.PORT_SIDE, side);
        boolean variable = node.getHeight() < HEADER;
        double y = variable ? (node.getHeight() - PORT_SIZE) / 2 : HEADER + index * PORT_PITCH;
        port.setLocation(side == PortSide.WEST ? -PORT_SIZE / 2 : node.getWidth() - PORT_SIZE / 2, y);
        return port;
    }

    private static GraphView.Port portView(String name, ElkPort port) {
        return new GraphView.Port(name, port.getX() + PORT_SIZE / 2, port.getY() + PORT_SIZE / 2);
    }

    private static double width(String text, int extra) {
        return Math.max(120, text.length() * CHAR_WIDTH + 32 + extra);
    }

    private static int longest(List<String> names) {
        return names.stream().mapToInt(String::length).max().orElse(0);
    }
}
