package dev.varflow.editor;

import java.util.List;

/**
 * A workflow's graph laid out for drawing: positions and sizes in pixels, left to right, origin top left.
 *
 * @param nodes tasks and the variables set from outside (start variables, env)
 * @param edges each carrying one variable from a producer's output port to a consumer's input port, or an
 *     {@code after} ordering edge from {@code depends_on}
 */
public record GraphView(List<Node> nodes, List<Edge> edges, double width, double height) {

    /** What a node stands for. */
    public enum NodeKind { TASK, VARIABLE }

    /** What an edge stands for. */
    public enum EdgeKind { DATA, AFTER }

    /**
     * A task, or a variable set from outside.
     *
     * @param id unique: the task's name, or {@code var:NAME}
     * @param split whether it feeds more than one task
     * @param join whether more than one task feeds it
     * @param line first line of the task in the file (0 for variables)
     * @param endLine last line of the task in the file
     */
    public record Node(String id, NodeKind kind, String name, String plugin, double x, double y, double width,
            double height, List<Port> inputs, List<Port> outputs, boolean split, boolean join, int line,
            int endLine) {
    }

    /** A port on a node's border, relative to the node. */
    public record Port(String name, double x, double y) {
    }

    /** A point of an edge's route. */
    public record Point(double x, double y) {
    }

    /**
     * An edge with its route.
     *
     * @param labelX left of the label's box; null for an edge without a label
     */
    public record Edge(String id, EdgeKind kind, String from, String to, String variable, List<Point> points,
            Double labelX, Double labelY) {
    }
}
