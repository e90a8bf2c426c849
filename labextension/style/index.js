import './base.css';
import '../../scenario_tree/sharing/static/scenario_page.css';
