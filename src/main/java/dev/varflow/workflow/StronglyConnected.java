package dev.varflow.workflow;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tarjan's strongly connected components, iterative so a long chain of tasks cannot overflow the stack. Members
 * of each component keep the order of the given vertex list, so reports start at the task written first.
 * Vertices are compared by identity: hashing whole task records on every step would dominate large workflows.
 */
final class StronglyConnected<T> {

    private final List<T> vertices;
    private final Map<T, ? extends Set<T>> successors;
    private final Map<T, Integer> index = new IdentityHashMap<>();
    private final Map<T, Integer> lowLink = new IdentityHashMap<>();
    private final Deque<T> stack = new ArrayDeque<>();
    private final Set<T> onStack = Collections.newSetFromMap(new IdentityHashMap<>());
    private final List<List<T>> components = new ArrayList<>();

    StronglyConnected(List<T> vertices, Map<T, ? extends Set<T>> successors) {
        this.vertices = vertices;
        this.successors = successors;
    }

    List<List<T>> components() {
        for (T vertex : vertices) {
            if (!index.containsKey(vertex)) {
                visit(vertex);
            }
        }
        Map<T, Integer> order = new IdentityHashMap<>();
        for (int i = 0; i < vertices.size(); i++) {
            order.putIfAbsent(vertices.get(i), i);
        }
        components.forEach(component -> component.sort(Comparator.comparingInt(order::get)));
        return components;
    }

    private void visit(T root) {
        Deque<Frame<T>> frames = new ArrayDeque<>();
        open(root, frames);
        while (!frames.isEmpty()) {
            Frame<T> frame = frames.peek();
            if (frame.next < frame.targets.size()) {
                T target = frame.targets.get(frame.next++);
                if (!index.containsKey(target)) {
                    open(target, frames);
                } else if (onStack.contains(target)) {
                    lowLink.merge(frame.vertex, index.get(target), Math::min);
                }
                continue;
            }
            frames.pop();
            if (!frames.isEmpty()) {
                lowLink.merge(frames.peek().vertex, lowLink.get(frame.vertex), Math::min);
            }
            if (lowLink.get(frame.vertex).equals(index.get(frame.vertex))) {
                List<T> component = new ArrayList<>();
                T member;
                do {
                    member = stack.pop();
                    onStack.remove(member);
                    component.add(member);
                } while (member != frame.vertex);
                components.add(component);
            }
        }
    }

    private void open(T vertex, Deque<Frame<T>> frames) {
        index.put(vertex, index.size());
        lowLink.put(vertex, index.get(vertex));
        stack.push(vertex);
        onStack.add(vertex);
        Set<T> targets = successors.get(vertex);
        frames.push(new Frame<>(vertex, targets == null ? List.of() : List.copyOf(targets)));
    }

    private static final class Frame<T> {
        private final T vertex;
        private final List<T> targets;
        private int next;

        Frame(T vertex, List<T> targets) {
            this.vertex = vertex;
            this.targets = targets;
        }
    }
}
