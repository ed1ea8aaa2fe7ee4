//! Reference solution of `exercises/04_classification/kd_tree.rs`.

use std::collections::BinaryHeap;

use ndarray::{Array2, ArrayView1, ArrayView2};

use crate::types::kd_tree::{Candidate, KdTree, KdTreeError, KdTreeParams, Neighbour, Node, Query};

/// Σⱼ (pⱼ − qⱼ)², over the columns in order.
fn squared_distance(p: &[f64], q: &[f64]) -> f64 {
    p.iter().zip(q).map(|(a, b)| (a - b) * (a - b)).sum()
}

/// The query's values as a slice, after the checks every query makes (in their order).
fn checked_query(points: usize, query: ArrayView1<f64>) -> Result<Vec<f64>, KdTreeError> {
    if query.len() != points {
        return Err(KdTreeError::DimensionMismatch {
            points,
            query: query.len(),
        });
    }
    if let Some(column) = query.iter().position(|v| !v.is_finite()) {
        return Err(KdTreeError::QueryNotFinite { column });
    }
    Ok(query.to_vec())
}

/// The heap's candidates as neighbours, nearest first.
fn into_query(heap: BinaryHeap<Candidate>, distance_evaluations: usize) -> Query {
    Query {
        neighbours: heap.into_sorted_vec().into_iter().map(neighbour).collect(),
        distance_evaluations,
    }
}

fn neighbour(c: Candidate) -> Neighbour {
    Neighbour {
        index: c.index,
        distance: c.squared_distance.sqrt(),
    }
}

pub fn brute_force(
    points: ArrayView2<f64>,
    query: ArrayView1<f64>,
    k: usize,
) -> Result<Query, KdTreeError> {
    if points.nrows() == 0 {
        return Err(KdTreeError::Empty);
    }
    let q = checked_query(points.ncols(), query)?;
    if k == 0 {
        return Err(KdTreeError::ZeroK);
    }
    let points = points.as_standard_layout();
    let d = points.ncols();
    // One flat slice, row i at [i·d, (i + 1)·d): no view is made per row.
    let flat = points.as_slice().expect("standard layout");
    let mut heap: BinaryHeap<Candidate> = BinaryHeap::with_capacity(k.min(points.nrows()) + 1);
    for index in 0..points.nrows() {
        let squared_distance = squared_distance(&flat[index * d..(index + 1) * d], &q);
        // Most rows are farther than the worst one kept: skip them without touching the heap.
        if heap.len() == k
            && heap
                .peek()
                .is_some_and(|top| squared_distance > top.squared_distance)
        {
            continue;
        }
        offer(
            &mut heap,
            Candidate {
                squared_distance,
                index,
            },
            k,
        );
    }
    Ok(into_query(heap, points.nrows()))
}

pub fn offer(heap: &mut BinaryHeap<Candidate>, candidate: Candidate, k: usize) {
    if heap.len() < k {
        heap.push(candidate);
    } else if let Some(mut top) = heap.peek_mut()
        && candidate < *top
    {
        // Replacing the top in place sifts it down once, instead of a pop and a push.
        *top = candidate;
    }
}

pub fn build(points: ArrayView2<f64>, params: &KdTreeParams) -> Result<KdTree, KdTreeError> {
    params.validate()?;
    if points.nrows() == 0 {
        return Err(KdTreeError::Empty);
    }
    if points.ncols() == 0 {
        return Err(KdTreeError::NoFeatures);
    }
    for ((row, column), v) in points.indexed_iter() {
        if !v.is_finite() {
            return Err(KdTreeError::NotFinite { row, column });
        }
    }
    let points: Array2<f64> = points.as_standard_layout().into_owned();
    let mut rows: Vec<usize> = (0..points.nrows()).collect();
    let mut nodes = Vec::new();
    let root = build_node(&points, &mut rows, params.leaf_size, &mut nodes);
    Ok(KdTree {
        points,
        nodes,
        root,
    })
}

/// Builds the node of `rows` (reordered in place), children first; returns its index.
fn build_node(
    points: &Array2<f64>,
    rows: &mut [usize],
    leaf_size: usize,
    nodes: &mut Vec<Node>,
) -> usize {
    let leaf = |rows: &[usize], nodes: &mut Vec<Node>| {
        nodes.push(Node::Leaf {
            rows: rows.to_vec(),
        });
        nodes.len() - 1
    };
    if rows.len() <= leaf_size {
        return leaf(rows, nodes);
    }
    let (dimension, spread) = widest_dimension(points, rows);
    if spread == 0.0 {
        return leaf(rows, nodes);
    }
    let m = rows.len() / 2;
    let key = |&r: &usize| (points[[r, dimension]], r);
    // The m smallest in (value, row) order to the left: a selection, not a full sort.
    rows.select_nth_unstable_by(m, |a, b| {
        let (va, ra) = key(a);
        let (vb, rb) = key(b);
        va.total_cmp(&vb).then(ra.cmp(&rb))
    });
    let value = points[[rows[m], dimension]];
    let (lower, upper) = rows.split_at_mut(m);
    let left = build_node(points, lower, leaf_size, nodes);
    let right = build_node(points, upper, leaf_size, nodes);
    nodes.push(Node::Split {
        dimension,
        value,
        left,
        right,
    });
    nodes.len() - 1
}

/// The column with the largest max − min over `rows` (the first on a tie), and that spread.
fn widest_dimension(points: &Array2<f64>, rows: &[usize]) -> (usize, f64) {
    let d = points.ncols();
    let first = points.row(rows[0]);
    let mut low = first.to_vec();
    let mut high = low.clone();
    for &r in &rows[1..] {
        for (j, &v) in points.row(r).iter().enumerate() {
            low[j] = low[j].min(v);
            high[j] = high[j].max(v);
        }
    }
    let mut best = (0, high[0] - low[0]);
    for j in 1..d {
        let s = high[j] - low[j];
        if s > best.1 {
            best = (j, s);
        }
    }
    best
}

/// What a search carries down the tree.
struct Search<'a> {
    points: &'a [f64],
    d: usize,
    query: &'a [f64],
    evaluations: usize,
}

impl Search<'_> {
    fn squared_distance(&mut self, row: usize) -> f64 {
        self.evaluations += 1;
        squared_distance(&self.points[row * self.d..(row + 1) * self.d], self.query)
    }
}

pub fn nearest(tree: &KdTree, query: ArrayView1<f64>, k: usize) -> Result<Query, KdTreeError> {
    let q = checked_query(tree.points.ncols(), query)?;
    if k == 0 {
        return Err(KdTreeError::ZeroK);
    }
    let points = tree.points.as_standard_layout();
    let mut search = Search {
        points: points.as_slice().expect("standard layout"),
        d: tree.points.ncols(),
        query: &q,
        evaluations: 0,
    };
    let mut heap = BinaryHeap::with_capacity(k.min(tree.points.nrows()) + 1);
    k_nearest(tree, tree.root, k, &mut search, &mut heap);
    Ok(into_query(heap, search.evaluations))
}

fn k_nearest(
    tree: &KdTree,
    node: usize,
    k: usize,
    search: &mut Search,
    heap: &mut BinaryHeap<Candidate>,
) {
    match &tree.nodes[node] {
        Node::Leaf { rows } => {
            for &index in rows {
                let squared_distance = search.squared_distance(index);
                offer(
                    heap,
                    Candidate {
                        squared_distance,
                        index,
                    },
                    k,
                );
            }
        }
        &Node::Split {
            dimension,
            value,
            left,
            right,
        } => {
            let diff = search.query[dimension] - value;
            let (near, far) = if diff < 0.0 {
                (left, right)
            } else {
                (right, left)
            };
            k_nearest(tree, near, k, search, heap);
            let worst = match heap.peek() {
                Some(top) if heap.len() >= k => top.squared_distance,
                _ => f64::INFINITY,
            };
            if diff * diff <= worst {
                k_nearest(tree, far, k, search, heap);
            }
        }
    }
}

pub fn within_radius(
    tree: &KdTree,
    query: ArrayView1<f64>,
    radius: f64,
) -> Result<Query, KdTreeError> {
    let q = checked_query(tree.points.ncols(), query)?;
    if radius.is_nan() || radius < 0.0 {
        return Err(KdTreeError::InvalidRadius { radius });
    }
    let points = tree.points.as_standard_layout();
    let mut search = Search {
        points: points.as_slice().expect("standard layout"),
        d: tree.points.ncols(),
        query: &q,
        evaluations: 0,
    };
    let mut found = Vec::new();
    in_radius(tree, tree.root, radius * radius, &mut search, &mut found);
    found.sort_unstable();
    Ok(Query {
        neighbours: found.into_iter().map(neighbour).collect(),
        distance_evaluations: search.evaluations,
    })
}

fn in_radius(tree: &KdTree, node: usize, r2: f64, search: &mut Search, found: &mut Vec<Candidate>) {
    match &tree.nodes[node] {
        Node::Leaf { rows } => {
            for &index in rows {
                let squared_distance = search.squared_distance(index);
                if squared_distance <= r2 {
                    found.push(Candidate {
                        squared_distance,
                        index,
                    });
                }
            }
        }
        &Node::Split {
            dimension,
            value,
            left,
            right,
        } => {
            let diff = search.query[dimension] - value;
            let (near, far) = if diff < 0.0 {
                (left, right)
            } else {
                (right, left)
            };
            in_radius(tree, near, r2, search, found);
            if diff * diff <= r2 {
                in_radius(tree, far, r2, search, found);
            }
        }
    }
}
